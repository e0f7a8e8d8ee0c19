"""The Textual triage screen. The only package that imports textual."""
