"""What the views, the importer and the command line do to proactive-disclosure records."""
