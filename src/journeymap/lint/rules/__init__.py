"""One module per rule family: structure (JM1xx), evidence (JM2xx), ownership (JM3xx),
language (JM4xx), action (JM5xx), blueprint (JM6xx), messaging (JM7xx), persona (JM8xx)."""
