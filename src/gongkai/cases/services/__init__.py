"""What happens to a case, one function per act; each writes its audit event."""
