"""Reading import jobs: a job is its uploader's alone (anyone else, in this school or another, gets
404 from the pages and the API), and its file's bytes are never read by a page."""

from plans.imports.models import ImportJob


def jobs_of(user):
    return ImportJob.objects.defer("content").filter(user_id=user.pk)


def job_of(user, pk) -> ImportJob:
    """The person's own job; raises ImportJob.DoesNotExist for anyone else's."""
    return jobs_of(user).get(pk=pk)
