"""Pure coaching logic: plain Python over plain data, no Telegram and no database imports."""
