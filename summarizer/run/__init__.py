"""Running: configuration and inputs in, results out.

The `Summarizer` composes the stages; engines (local, Ray) run them over piles and folders; batch writes briefs atomically and resumably.
"""
