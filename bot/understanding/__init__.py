"""Reading what people type: places and times, and what a message means. Pure code over data/,
no Telegram, no database."""
