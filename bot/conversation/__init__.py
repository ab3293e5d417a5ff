"""The conversation: a transport-neutral `Incoming` → `Reply`, the one decision to answer.

Owns `Incoming`, `Reply`, `Me`, the mention rule and flood control. May import the other
core packages (answers, understanding, knowledge) and the standard library; never a
transport, the store, the scheduler or the service.
"""
