"""Follow-up nudges: scheduled as rows by the conversations, sent by a periodic dispatcher."""
