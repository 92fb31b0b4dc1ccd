"""The public 政府信息公开 portal and the staff screens of proactive disclosure."""
