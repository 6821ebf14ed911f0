"""Small helpers shared by several stages: JSON streaming, display width, printable file names, the
on-disk cache store, wording."""
