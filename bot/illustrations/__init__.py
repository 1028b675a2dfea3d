"""Exercise illustrations: a side-view figure posed by joint angles from data/poses.yaml, drawn
as short looping GIFs and stills, and sent once per bot (Telegram file ids are reused)."""
