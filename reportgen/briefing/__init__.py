"""One month's briefing: the merged dataset, the facts, their words in each edition's language,
charts, the map and rendering."""
