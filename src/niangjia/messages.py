"""The command line's message catalogue: each key with its Chinese (the default) and English text."""

from __future__ import annotations

from niangjia.argument_messages import ARGUMENT_MESSAGES
from niangjia.help_messages import HELP_MESSAGES
from niangjia.recording_messages import RECORDING_MESSAGES

CATALOGUE: dict[str, tuple[str, str]] = {
    # key: (zh-CN, en)
    "app.help": (
        "娘家：新领域妇联组织建设台账（事件溯源服务组）",
        "niangjia: the ledger of women's federations in the new domains",
    ),
    "lang.help": ("界面语言：zh 或 en", "Language of messages: zh or en"),
    "lang.unknown": ("--lang 只能是 zh 或 en，不能是 {lang}", "--lang must be zh or en, not {lang}"),
    "json.help": ("输出 JSON，便于脚本处理", "Print JSON for scripts"),
    "token.help": (
        "访问令牌（默认读取 NIANGJIA_TOKEN 或 <数据目录>/admin.token）",
        "Bearer token (default: NIANGJIA_TOKEN or <data dir>/admin.token)",
    ),
    "data_dir.help": ("数据目录（NIANGJIA_DATA_DIR，默认 ./data）", "Data folder (NIANGJIA_DATA_DIR, default ./data)"),
    # up
    "up.help": (
        "一键启动：NATS、orgs、activities、projections 与 relay",
        "Start everything: NATS, orgs, activities, projections and the relay",
    ),
    "up.no_demo": ("首次启动时不加载演示数据", "Do not load the demo data on first start"),
    "up.base_port": (
        "起始端口：orgs 用它，其余依次 +1（默认 8701）",
        "First port: orgs on it, the others on the next ones (default 8701)",
    ),
    "up.starting": ("正在启动 {name}…", "starting {name}…"),
    "up.admin_token_created": (
        "已创建管理员令牌，保存在 {path}（仅本人可读）",
        "created an admin token in {path} (readable by you only)",
    ),
    "up.admin_token_found": ("管理员令牌：{path}", "admin token: {path}"),
    "up.waiting": ("等待各服务就绪…", "waiting for every service to answer /health…"),
    "up.not_healthy": (
        "{name} 未能在 {seconds} 秒内就绪，日志：{log}",
        "{name} did not become healthy within {seconds}s; log: {log}",
    ),
    "up.ready": ("全部就绪", "all services are up"),
    "up.table.service": ("服务", "service"),
    "up.table.url": ("地址", "address"),
    "up.table.log": ("日志", "log"),
    "up.dashboard": (
        "看板（令牌在网址 # 之后，不会发送到服务器）：",
        "dashboard (the token after # never leaves the browser):",
    ),
    "up.data_dir": ("数据目录：{path}", "data folder: {path}"),
    "up.stop_hint": ("按 Ctrl-C 停止全部服务", "press Ctrl-C to stop everything"),
    "up.crashed": (
        "{name} 意外退出（代码 {code}），{delay} 秒后重启（第 {count} 次）",
        "{name} exited unexpectedly (code {code}); restarting in {delay}s (restart {count})",
    ),
    "up.restarted": ("{name} 已重启", "{name} restarted"),
    "up.unhealthy": (
        "{name} 已 {seconds} 秒不健康（{url}），正在重启",
        "{name} has been unhealthy for {seconds}s ({url}); restarting it",
    ),
    "up.stopping": ("正在停止全部服务…", "stopping every service…"),
    "up.stopped": ("已全部停止（{seconds:.1f} 秒）", "all stopped ({seconds:.1f}s)"),
    "up.killed": ("{name} 未按时退出，已强制结束", "{name} did not stop in time and was killed"),
    "up.demo_first_run": (
        "首次启动：加载演示数据（可用 --no-demo 跳过）",
        "first start: loading the demo data (skip with --no-demo)",
    ),
    "up.busy_port": (
        "端口 {port} 已被占用（{name}）；可用 --base-port 换一组端口",
        "port {port} is taken ({name}); choose others with --base-port",
    ),
    # demo
    "demo.help": (
        "通过各服务的 HTTP 接口录入演示数据（可重复执行）",
        "Record the demo data set through the services' HTTP APIs (safe to re-run)",
    ),
    "demo.wave.federations": ("建会：妇联组织", "founding federations"),
    "demo.wave.guided": ("建会：“1+N” 下属组织", "founding guided federations (1+N)"),
    "demo.wave.micro_homes": ("开设妇女微家", "opening micro-homes"),
    "demo.wave.records": ("关爱活动、动态跟踪、示范点、撤销", "activities, inspections, recognitions, dissolution"),
    "demo.wave.members": ("任命执委", "appointing executive members"),
    "demo.wave.projects": ("“一执委一实事”项目", "one member, one deed projects"),
    "demo.wave.completions": ("项目完成", "projects completed"),
    "demo.wave.late": ("补录、更正与撤回", "late entries, correction, retraction"),
    "demo.catching_up": ("等待报表更新…", "waiting for the read models to catch up…"),
    "demo.done": (
        "演示数据已录入：新录 {recorded} 条，已存在 {already} 条",
        "demo data recorded: {recorded} new, {already} already there",
    ),
    "demo.boundary": ("补录之前的时点（known_at）：{at}", "a known_at before the late entries: {at}"),
    "demo.figures": ("报告数据核对", "figures of the reports"),
    # records
    "found.help": ("登记成立一个妇联组织", "Record a federation founded"),
    "open.help": ("登记开设一个妇女微家", "Record a micro-home opened"),
    "record.help": ("登记一次关爱活动", "Record a care activity held"),
    "correct.help": (
        "更正一次关爱活动（只填需要更正的字段）",
        "Correct a care activity (give only the fields to change)",
    ),
    # reports
    "counts.help": (
        "按领域、类别、层级、地区统计妇联组织与妇女微家",
        "Federations and micro-homes by domain, sector, level and region",
    ),
    "campaign.help": (
        "季度关爱行动报表，例如：campaign 2024 Q3",
        "The quarterly care campaign report, e.g. campaign 2024 Q3",
    ),
    "audit.help": (
        "某个实体的完整历史（谁在何时记录了什么）",
        "The full history of an entity: who recorded what, and when",
    ),
    "guided.help": ("“1+N” 树：某个妇联指导的组织与微家", "The 1+N tree under a guiding federation"),
    "dormant.help": ("长期没有活动的组织", "Organisations that went quiet"),
    "region.help": ("地区路径，例如 江苏省/常州市/武进区", "Region path, e.g. 江苏省/常州市/武进区"),
    "as_of.help": ("业务日期：截至该日（as_of）", "Business date: as of this day"),
    "known_at.help": ("系统时点：按当时已知的记录（known_at）", "System time: as the system knew it then"),
    "counts.title": ("组织统计 {region}", "Counts {region}"),
    "counts.federations": ("妇联组织", "federations"),
    "counts.micro_homes": ("妇女微家", "micro-homes"),
    "counts.total": ("合计", "total"),
    "counts.dimension": ("维度", "dimension"),
    "counts.value": ("取值", "value"),
    "counts.count": ("数量", "count"),
    "campaign.title": ("{year} 年第 {quarter} 季度关爱行动", "Care campaign {year} Q{quarter}"),
    "campaign.year_title": ("{year} 年关爱行动", "Care campaigns {year}"),
    "audit.title": ("{id} 的历史", "History of {id}"),
    "audit.empty": ("没有找到 {id} 的记录", "no records for {id}"),
    # tokens
    "tokens.help": ("管理访问令牌（写入令牌文件）", "Manage bearer tokens (in the tokens file)"),
    "tokens.create.help": ("创建令牌；令牌只显示这一次", "Create a token; it is shown this once only"),
    "tokens.list.help": ("列出令牌（不含密文）", "List tokens (without secrets)"),
    "tokens.revoke.help": ("吊销令牌", "Revoke a token"),
    "tokens.created": (
        "已创建令牌 {id}（{role}，范围 {scope}）。请妥善保存，它不会再次显示：",
        "created token {id} ({role}, scope {scope}). Keep it safe; it is not shown again:",
    ),
    "tokens.revoked": ("已吊销 {id}", "revoked {id}"),
    "tokens.not_found": ("没有可吊销的令牌 {id}", "no active token {id}"),
    "tokens.everywhere": ("全部地区", "everywhere"),
    "tokens.nats_key": (
        "NATS 只读凭据（只能订阅，不能发布）：{path}，请交给该集成方（仅本人可读）",
        "NATS subscribe-only key: {path}; hand it to the integrator (readable by its owner only)",
    ),
    # broker
    "broker.help": (
        "NATS 凭据：relay 的密钥、集成方的只读密钥、集群路由口令",
        "NATS credentials: the relay's key, integrators' subscribe-only keys, the cluster's routes",
    ),
    "broker.init.help": (
        "创建 NATS 凭据（已有的保留不变）；docker compose 首次启动前执行",
        "Create the NATS credentials (existing ones are kept); run before docker compose's first start",
    ),
    "broker.list.help": ("列出可连接 NATS 的用户（不含密钥）", "List who may connect to NATS (no secrets)"),
    "broker.cluster": (
        "同时创建集群路由的用户与口令（docker-compose.cluster.yml）",
        "Also create the cluster routes' user and password (docker-compose.cluster.yml)",
    ),
    "broker.relay_key": (
        "relay 的 NATS 密钥：{path}（仅本人可读，唯一可发布事件的密钥）",
        "the relay's NATS key: {path} (readable by its owner only; the only key that may publish events)",
    ),
    "broker.users": ("NATS 用户文件：{path}", "NATS users file: {path}"),
    "broker.routes": (
        "集群路由凭据：{path}（仅本人可读）",
        "the cluster routes' credentials: {path} (readable by its owner only)",
    ),
    "broker.reloaded": ("NATS 已重新读取用户", "NATS has read its users again"),
    "broker.reload_hint": (
        "若 NATS 正在运行，请让它重新读取用户：docker compose kill -s HUP nats（集群：nats-1 nats-2 nats-3）",
        "if NATS is running, have it read its users again: docker compose kill -s HUP nats (cluster: nats-1 nats-2 nats-3)",
    ),
    "rebuild.help": (
        "从事件存储重建读模型（先停止 projections 服务）",
        "Rebuild the read models from the event store (stop projections first)",
    ),
    "rebuild.done": ("读模型已重建", "read models rebuilt"),
    "backup.help": (
        "备份事件存储（SQLite；服务运行时也可备份）",
        "Back up the event store (SQLite; the services may keep running)",
    ),
    "backup.dest": ("备份目录（须为空或不存在）", "the backup folder (empty or new)"),
    "backup.done": (
        "已备份到 {path}：{events} 个事件，最后位置 {position}",
        "backed up to {path}: {events} events, last position {position}",
    ),
    "restore.help": (
        "从备份恢复事件存储（先停止所有服务）",
        "Restore the event store from a backup (stop every service first)",
    ),
    "restore.source": ("备份目录", "the backup folder"),
    "restore.replace": (
        "替换已有的事件存储（旧文件保留在旁边）",
        "replace an existing event store (the old file is kept beside it)",
    ),
    "restore.done": (
        "已恢复到 {path}：{events} 个事件，最后位置 {position}。请重建读模型：niangjia rebuild",
        "restored to {path}: {events} events, last position {position}. Rebuild the read models: niangjia rebuild",
    ),
    "restore.kept": ("原事件存储保留为 {path}", "the previous event store is kept as {path}"),
    "restore.consumer_kept": (
        "已移到一旁，将从恢复的存储重建：{path}",
        "moved aside, to be rebuilt from the restored store: {path}",
    ),
    "backup.no_store": ("{path} 处没有事件存储", "no event store at {path}"),
    "backup.dest_used": (
        "{path} 已存在且不是空目录：请换一个新的备份目录",
        "{path} exists and is not an empty folder: choose a new folder for the backup",
    ),
    "restore.not_backup": (
        "{path} 不是 niangjia 的事件存储备份（没有 manifest.json）",
        "{path} is not a niangjia event store backup (no manifest.json)",
    ),
    "restore.exists": (
        "{path} 已存在：请恢复到空的数据目录，或加 --replace 替换（旧文件会保留）",
        "{path} already exists: restore into an empty data folder, or pass --replace (the old file is kept)",
    ),
    # ledger
    "verify.help": (
        "校验事件日志未被篡改：重算每个叶子，核对每个检查点的签名与根（服务停止或运行时均可）",
        "Check that the event log was not altered: recompute every leaf, check every checkpoint's signature and root",
    ),
    "verify.ledger": ("账本文件（默认 <数据目录>/ledger.db）", "the ledger file (default <data dir>/ledger.db)"),
    "verify.witness": (
        "见证方保存的检查点（JSON 文件，可多次给出）",
        "checkpoints a witness kept (JSON file; repeatable)",
    ),
    "verify.public_key": ("信任的公钥文件（可多次给出）", "a public key file to trust (repeatable)"),
    "verify.no_store": ("{path} 处没有事件存储", "no event store at {path}"),
    "verify.no_ledger": (
        "没有账本文件 {path}：只核对见证方的检查点",
        "no ledger file at {path}: only the witness's checkpoints are checked",
    ),
    "verify.trusting_ledger": (
        "未给出 --public-key：信任账本文件与密钥文件中的公钥",
        "no --public-key given: trusting the public keys in the ledger file and the key file",
    ),
    "verify.bad_key": ("无法读取公钥：{error}", "cannot read a public key: {error}"),
    "verify.bad_witness": ("无法读取见证文件 {path}：{error}", "cannot read the witness file {path}: {error}"),
    "verify.progress": ("校验中", "verifying"),
    "verify.not_recorded": (
        "未能记下本次校验结果（审计页面不会显示它）：{error}",
        "could not record this verification's result (the audit page will not show it): {error}",
    ),
    "verify_report.help": (
        "核对报表回执：按日志重建当时的报表，核对字节、树根与签名",
        "Check a report receipt: rebuild the report from the log as it stood, check its bytes, root and signature",
    ),
    "verify_report.receipt": ("回执文件（JSON）", "the receipt file (JSON)"),
    "verify_report.report": ("当时交来的报表文件（可选）", "the report file handed in (optional)"),
    "verify_report.bad_receipt": ("无法读取回执 {path}：{error}", "cannot read the receipt {path}: {error}"),
    "verify_report.progress": ("按位置 {position} 重建报表中", "rebuilding the report at position {position}"),
    "verify_report.ok": (
        "回执属实：{path} 按日志位置 {position} 重建，逐字节一致，树根与签名无误",
        "receipt holds: {path} rebuilt from the log at position {position} byte for byte; root and signature check",
    ),
    "verify_report.failed": ("回执不成立：{problem}", "receipt does not hold: {problem}"),
    "verify.ok": (
        "校验通过：{events} 个事件，{checkpoints} 个检查点；{uncovered} 个新事件尚未签入账本",
        "verified: {events} events, {checkpoints} checkpoints; {uncovered} newer events not yet in the ledger",
    ),
    "verify.failed": ("发现差异：{kind}{where}", "difference found: {kind}{where}"),
    "verify.at": ("，位置 {position}", " at position {position}"),
    "verify.kind.altered": ("事件被篡改", "altered"),
    "verify.kind.removed": ("事件被删除", "removed"),
    "verify.kind.reordered": ("事件顺序被调换", "reordered"),
    "verify.kind.inserted": ("插入了伪造事件", "inserted"),
    "verify.kind.rolled_back": ("日志被回滚", "rolled back"),
    "verify.kind.bad_checkpoint": ("检查点无效", "bad checkpoint"),
    "ledger.help": ("可验证账本：签名密钥与检查点", "The verifiable ledger: its signing key and checkpoints"),
    "ledger.key.help": (
        "显示账本的公钥（首次使用时创建密钥）",
        "Print the ledger's public key (creating the key on first use)",
    ),
    "ledger.key.created": (
        "已创建签名密钥 {path}（仅本人可读）",
        "created the signing key {path} (readable by you only)",
    ),
    "ledger.sync.help": (
        "把新事件计入账本并签发检查点",
        "Add the new events to the ledger and sign a checkpoint",
    ),
    "ledger.sync.done": ("新计入 {added} 个事件；检查点大小 {size}", "{added} events added; checkpoint of size {size}"),
    # errors
    "error.unreachable": (
        "无法连接 {url}：服务是否已启动？（niangjia up）",
        "cannot reach {url}: is it running? (niangjia up)",
    ),
    "error.no_token": (
        "没有访问令牌：请用 --token、NIANGJIA_TOKEN，或先运行 niangjia up 生成 {path}",
        "no token: pass --token, set NIANGJIA_TOKEN, or run niangjia up to create {path}",
    ),
    "error.api": ("{status} {code}：{message}", "{status} {code}: {message}"),
    "error.quarter": ("季度写作 Q1…Q4", "write the quarter as Q1…Q4"),
    # members and projects (their commands are listed before their module loads)
    "members.appoint.help": (
        "任命一名执委（姓名、手机号加密保存）",
        "Appoint an executive member (name and number stored sealed)",
    ),
    "members.change_role.help": ("变更执委的职务、三长身份或任期", "Change a member's role, community roles or term"),
    "members.leave.help": ("登记执委离任", "Record that a member left the committee"),
    "members.erase.help": (
        "删除执委的个人信息（销毁其密钥，仅限管理员）",
        "Erase a member's personal data (destroys her key; admin)",
    ),
    "members.pledge.help": ("登记“一执委一实事”项目", 'Pledge a "one member, one deed" project'),
    "members.complete.help": ("登记项目完成", "Record that a project reached its target"),
    "members.members.help": (
        "执委人数（按职务、层级、地区）及其项目",
        "Members by role, level and region, and their projects",
    ),
    "members.directory.help": ("妇委会主任通讯录", "The chairs' contact directory"),
    "find.help": (
        "按名称查找妇联、妇女微家（本令牌的地区内）或执委（限可查看姓名的令牌）",
        "Find federations and micro-homes by name, or executive members (for tokens that may see names)",
    ),
    "keys.help": ("个人信息密钥库：备份、恢复、访问记录", "The key store of personal data: back up, restore, accesses"),
    "option.not_a_name": ("“{value}”不在可选范围内，可选：{names}", "{value!r} is not one of: {names}"),
    "option.name_metavar": ("名称", "NAME"),
    "option.yuan": ("元，例如 1200.00", "yuan, e.g. 1200.00"),
    "option.idempotency_key": (
        "幂等键：用同一个键重试不会重复登记",
        "Idempotency-Key: a retry with the same key records nothing new",
    ),
    "option.id": ("编号（默认由服务生成）", "The id (default: derived by the service)"),
    "option.organiser": ("组织方编号：妇联或妇女微家", "The organiser: a federation's or a micro-home's id"),
    "option.activity_id": ("活动编号", "The activity's id"),
    "option.reason": ("更正原因", "Why it is corrected"),
    "counts.ended": ("已撤销（关闭）", "ended"),
    "counts.ever_founded": ("累计成立", "ever founded"),
    "campaign.outside": ("四季主题之外", "outside the campaigns"),
    "members.by_role": ("职务", "role"),
    "members.by_level": ("层级", "level"),
    "members.by_region": ("地区", "region"),
    "members.by_community_role": ("三长身份", "community role"),
    "members.directory.member_id": ("编号", "id"),
    "members.directory.region": ("地区", "region"),
    "members.directory.name": ("姓名", "name"),
    "members.directory.mobile": ("手机号", "mobile"),
    "members.directory.employer": ("工作单位", "employer"),
    "members.directory.title": ("职务", "title"),
    "tokens.title": ("访问令牌", "Tokens"),
    # what a command did, then where the log holds it
    "done.where": ("（日志位置 {position}）", " (log position {position})"),
    "done.found": ("已登记成立：{id}", "founded: {id}"),
    "done.open": ("已登记开设：{id}", "opened: {id}"),
    "done.record": ("已登记活动：{id}", "activity recorded: {id}"),
    "done.correct": ("已更正活动：{id}", "activity corrected: {id}"),
    "done.retract": ("已撤回活动：{id}", "activity retracted: {id}"),
    "done.inspect": ("已登记动态跟踪：{id}", "inspection recorded: {id}"),
    "done.recognise": ("已登记获评示范点：{id}", "recognition recorded: {id}"),
    "done.recognise-home": ("已登记微家获评示范点：{id}", "recognition recorded: {id}"),
    "done.dissolve": ("已登记撤销：{id}", "dissolved: {id}"),
    "done.close": ("已登记微家关闭：{id}", "micro-home closed: {id}"),
    "done.appoint": ("已任命执委：{id}", "member appointed: {id}"),
    "done.change_role": ("已变更执委职务：{id}", "member's role changed: {id}"),
    "done.leave": ("已登记执委离任：{id}", "member's leaving recorded: {id}"),
    "done.erase": ("已删除个人信息：{id}", "personal data erased: {id}"),
    "done.pledge": ("已登记实事项目：{id}", "project pledged: {id}"),
    "done.complete": ("已登记项目完成：{id}", "project completed: {id}"),
    "inspect.help": ("登记一次动态跟踪（活跃、较弱或休眠）", "Record a follow-up inspection (active, weak or dormant)"),
    "recognise.help": ("登记妇联组织获评示范点", "Record a federation's demonstration-site title"),
    "recognise-home.help": ("登记妇女微家获评示范点", "Record a micro-home's demonstration-site title"),
    "dissolve.help": ("登记撤销一个妇联组织", "Record that a federation was dissolved"),
    "close.help": ("登记关闭一个妇女微家", "Record that a micro-home closed"),
    "retract.help": (
        "撤回一条误录的活动记录（记录保留在历史中）",
        "Retract an activity recorded in error (it stays in the history)",
    ),
    "option.federation_id": ("妇联组织编号", "The federation's id"),
    "option.micro_home_id": ("妇女微家编号", "The micro-home's id"),
    "option.retract_reason": ("撤回原因", "Why it is retracted"),
    "tokens.link.help": (
        "同时打印看板链接（含令牌、地区与语言），可直接发给使用人",
        "Also print the dashboard's link (token, region and language) to send to its user",
    ),
    "tokens.link": (
        "看板链接（令牌在 # 之后，不会发送到服务器；请通过安全渠道发送）：",
        "the dashboard's link (the token after # is never sent to the server; send it privately):",
    ),
    **ARGUMENT_MESSAGES,
    **HELP_MESSAGES,
    **RECORDING_MESSAGES,
    "tokens.subject.help": ("使用人，例如 湖塘镇妇联·张敏", "Who uses it, e.g. 湖塘镇妇联·张敏"),
}
