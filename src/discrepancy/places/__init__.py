"""Places in a hierarchy: the check's entities (``part_of``) and the optional gazetteer."""
