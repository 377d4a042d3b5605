"""What every niangjia service shares: settings, tokens and scopes, errors, the command handler,
metrics and the app factory."""
