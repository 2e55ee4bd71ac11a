"""Cryptography of the identity service: PII encryption and look-up hashes, password hashing,
signing-key material. Keys come from settings; nothing here has a built-in secret."""
