"""The home page and load_demo, which calls each app's demo module in turn.

May import: any app (it sits above all of them, and asks each for its own home-page section).
"""
