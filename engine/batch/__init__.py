"""Many documents in one run: collecting inputs, worker processes, caches, progress; results in input order."""
