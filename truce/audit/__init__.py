"""The audit trail (issue 11): pure cores, with no database, network or command line. The store, the CLI
and the publication workflow call them.

    canonical    RFC 8785 canonical JSON, and its SHA-256
    log          the log of writes as a hash chain; verify_chain re-hashes it and finds the first break
    merkle       the RFC 9162 Merkle tree over the log: roots, inclusion and consistency proofs
    checkpoint   the checkpoint text (c2sp.org/tlog-checkpoint): origin, size, root hash
    note         signed notes (c2sp.org/signed-note) with Ed25519: sign, co-sign, verify; verifier keys
    keys         private keys in files or environment variables: generate, load, write (mode 0600)
    errors       AuditError and its subclasses

Nothing is imported here, so that ``import truce.audit.log`` does not load the cryptography library.
"""

__all__ = ["canonical", "checkpoint", "errors", "keys", "log", "merkle", "note"]
