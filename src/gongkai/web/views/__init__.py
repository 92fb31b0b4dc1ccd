"""Views of the portal (public) and the back office (staff)."""
