"""HTTP routes: parse, check the token's role and scope, dispatch one command, answer."""
