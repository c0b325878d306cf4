"""Reading: files, folders, records and pasted text in; cleaned articles and their sentences out.

Takes paths or text; gives `Article` records (text, title, outlet, date) and `Sentence` records.
"""
