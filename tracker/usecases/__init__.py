"""The tracker's use cases."""
