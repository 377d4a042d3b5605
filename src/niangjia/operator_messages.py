"""The command line's messages for the operator's commands (the NATS broker's credentials, the
verifiable ledger): each key with its Chinese (the default) and English text (merged into
`niangjia.messages.CATALOGUE`)."""

from __future__ import annotations

OPERATOR_MESSAGES: dict[str, tuple[str, str]] = {
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
}
