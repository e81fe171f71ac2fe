"""Self-hosted video and audio in guides, course units and newsletter issues (issue 20)."""
