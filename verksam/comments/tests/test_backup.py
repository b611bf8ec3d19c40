import io

from django.core.management import call_command

from verksam.backup.tests.test_backup import empty_database, export, table_rows
from verksam.comments.models import Comment, Mention
from verksam.comments.services import comment_remove, thread_resolve
from verksam.comments.tests.builders import discussed_item, make_comment


def test_it_restores_the_comments_from_a_backup(personas, tmp_path):
    item = discussed_item(personas)
    first = make_comment(item, personas.editor, f"Fråga @{personas.reader.username}")
    make_comment(item, personas.reader, "Svar", reply_to=first)
    removed = make_comment(item, personas.reporter, "Fel tråd")
    removed.item = item
    comment_remove(user=personas.reporter, comment=removed)
    first.item = item
    thread_resolve(user=personas.reader, comment=first, resolved=True)
    before = table_rows()
    assert len(before["comments.comment"]) == 3 and len(before["comments.mention"]) == 1

    path = export(tmp_path)
    empty_database()
    assert not Comment.objects.exists() and not Mention.objects.exists()
    call_command("import", path, stdout=io.StringIO())

    after = table_rows()
    assert after["comments.comment"] == before["comments.comment"]
    assert after["comments.mention"] == before["comments.mention"]
