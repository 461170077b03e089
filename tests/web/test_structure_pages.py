import io

import pytest
from PIL import Image

from portal.accounts.models import Membership, Role
from portal.extensions import db
from portal.structures.models import StructureStatus
from tests.conftest import Auth, page
from tests.images import jpeg_with_exif, png, png_bomb, truncated_png


def test_the_directory_lists_approved_structures_only(client, make):
    approved = make.structure(name="EHPAD Les Lilas")
    make.structure(status=StructureStatus.PENDING, name="Structure en attente")
    make.structure(status=StructureStatus.REFUSED, name="Structure refusée")
    html = page(client.get("/structures/"))
    assert approved.name in html
    assert "Structure en attente" not in html and "Structure refusée" not in html
    assert "1 employeur adhérent." in html


def test_the_directory_filters_by_zone_and_type(client, make):
    make.structure(name="EHPAD de Flers", insee="61169")
    make.structure(name="EHPAD d'Alençon", insee="61001")
    html = page(client.get("/structures/?zone=alencon"))
    assert "EHPAD d'Alençon" in html and "EHPAD de Flers" not in html
    assert "Aucun employeur adhérent ne correspond" in page(client.get("/structures/?type=esat"))
    assert "EHPAD de Flers" in page(client.get("/structures/?zone=nulle-part"))


def test_the_directory_is_paginated(client, make):
    for n in range(26):
        make.structure(name=f"Structure {n:02d}")
    first, second = page(client.get("/structures/")), page(client.get("/structures/?page=2"))
    assert "Structure 00" in first and "Structure 25" not in first
    assert "Structure 25" in second and "Page 2 sur 2" in second


def test_an_approved_structure_page_is_public(client, make):
    structure = make.structure(name="EHPAD Les Lilas")
    structure.description, structure.website = "Nous accueillons 80 résidents.", "https://lilas.example"
    db.session.commit()
    html = page(client.get(f"/structures/{structure.slug}"))
    assert "Nous accueillons 80 résidents." in html and "https://lilas.example" in html
    assert "Flers (61100)" in html and "Flers-Argentan" in html


def test_a_pending_structure_page_is_hidden_from_others_but_not_from_its_recruiters(client, make, auth):
    recruiter = make.pending_employer()
    slug = recruiter.structure.slug
    assert client.get(f"/structures/{slug}").status_code == 404
    auth.login(make.member())
    assert client.get(f"/structures/{slug}").status_code == 404
    auth.logout()
    auth.login(recruiter)
    response = client.get(f"/structures/{slug}")
    assert response.status_code == 200 and "pas encore publique" in page(response)


def upload(client, data: bytes | None, name: str = "logo.png", **fields):
    form = {"description": "Une belle équipe.", "website": "lilas.example", **fields}
    if data is not None:
        form["logo"] = (io.BytesIO(data), name)
    return client.post("/compte/structure/modifier", data=form, content_type="multipart/form-data")


def logo_of(client, structure, size: int) -> Image.Image:
    with client.get(f"/structures/{structure.slug}/logo-{size}.png") as response:
        assert response.status_code == 200 and response.mimetype == "image/png"
        return Image.open(io.BytesIO(response.data))


def test_a_recruiter_uploads_a_logo_which_is_reencoded_resized_and_stripped(client, make, auth, instance_path):
    member = make.member()
    auth.login(member)
    response = upload(client, jpeg_with_exif(), "photo.jpg")
    assert response.status_code == 302
    structure = member.structure
    db.session.refresh(structure)
    assert structure.website == "https://lilas.example" and structure.description == "Une belle équipe."
    for size in (96, 240):
        image = logo_of(client, structure, size)
        assert image.format == "PNG" and image.size == (size, size)
        assert not image.getexif() and "exif" not in image.info
    stored = list((instance_path / "uploads" / "logos").iterdir())
    assert len(stored) == 2 and all("photo" not in p.name for p in stored)
    assert all(b"Appareil-Secret" not in p.read_bytes() for p in stored)


def test_replacing_a_logo_deletes_the_old_files(client, make, auth, instance_path):
    auth.login(make.member())
    upload(client, png())
    first = set((instance_path / "uploads" / "logos").iterdir())
    upload(client, png(color=(200, 0, 0)))
    second = set((instance_path / "uploads" / "logos").iterdir())
    assert len(second) == 2 and not (first & second)


def test_removing_the_logo(client, make, auth, instance_path):
    member = make.member()
    auth.login(member)
    upload(client, png())
    upload(client, None, remove_logo="y")
    db.session.refresh(member.structure)
    assert member.structure.logo_key is None
    assert list((instance_path / "uploads" / "logos").iterdir()) == []


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bomb(), "bombe.png", "beaucoup trop grande"),
        (b"Ceci est un simple fichier texte, pas une image.\n" * 20, "texte.png", "n'est pas une image valable"),
        (truncated_png(), "abime.png", "abîmée ou incomplète"),
        (b"%PDF-1.4\n%fake pdf\n", "document.png", "n'est pas une image valable"),
    ],
)
def test_bad_logos_are_refused_with_a_clear_message_and_nothing_is_lost(client, make, auth, data, name, message):
    member = make.member()
    member.structure.description = "Texte d'avant."
    db.session.commit()
    auth.login(member)
    response = upload(client, data, name, description="Nouveau texte tapé")
    html = page(response)
    assert response.status_code == 422
    assert message in html
    assert "Nouveau texte tapé" in html  # what was typed is shown again
    db.session.refresh(member.structure)
    assert member.structure.logo_key is None and member.structure.description == "Texte d'avant."


def test_a_too_heavy_logo_is_refused(make_app, make, auth):
    app = make_app(LOGO_MAX_BYTES=10_000)
    with app.app_context():
        member = make.member()
        client = app.test_client()
        client.post("/compte/structure/modifier", data={})  # not logged in: login page
        Auth(client).login(member)
        response = upload(client, png(2000, 2000) + b"\0" * 20_000)
        assert response.status_code == 422 and "dépasse 5 Mo" in page(response)


def test_a_bad_website_is_refused(client, make, auth):
    auth.login(make.member())
    response = upload(client, None, website="pas une adresse")
    assert response.status_code == 422 and "Indiquez une adresse complète" in page(response)


def test_a_recruiter_waiting_to_join_cannot_edit_the_page(client, make, auth):
    structure = make.structure()
    waiting = make.user(Role.EMPLOYER, structure=structure, membership=Membership.PENDING)
    auth.login(waiting)
    assert client.get("/compte/structure/modifier").status_code == 403


def test_a_pending_structure_recruiter_may_prepare_the_page(client, make, auth):
    auth.login(make.pending_employer())
    assert upload(client, png()).status_code == 302


def test_no_logo_is_served_for_a_hidden_or_logo_less_structure(client, make):
    structure = make.structure()
    assert client.get(f"/structures/{structure.slug}/logo-96.png").status_code == 404
    assert client.get(f"/structures/{structure.slug}/logo-500.png").status_code == 404
