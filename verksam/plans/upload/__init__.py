"""Read an existing plan document into a draft plan: upload, review, create.

The reader (`verksam.plans.reading`) finds the structure; this part keeps what it
found between the steps (`PlanReading`, owned by the uploader), lets the uploader
correct it (`review.py`, pure operations on the kept structure), and only then
creates the draft plan with its sections and item tree (`services.py`), keeping the
original file with the plan (`PlanSourceFile`). Nothing is written to the plan
tables before the uploader confirms.
"""
