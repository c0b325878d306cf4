"""Stories: articles in, stories out.

Takes articles and their vectors; gives groups of articles that report one story (the number is not given) and the near-copies among them.
"""
