"""The meeting cycle's mechanisms as small pure functions on numpy arrays, compiled with numba.

They are the kernel's pieces: the compiled week (`house/week.py`) calls them, and tests call the
very same functions alone.
"""
