"""Sweeps: running many houses. Experiment files and their designs (`experiment`), the engine that
hands out runs and records them (`engine`), the executors it runs on (`executors`), the result
store on disk (`store`), provenance and progress. It may import `simulation.house` (to run a
house), never `simulation.analysis` or `simulation.app`.
"""
