"""Selection: a story's sentences in, its extractive brief out.

Takes sentences with vectors; gives salient, non-redundant sentences by MMR within a length budget, readable alone, and a headline.
"""
