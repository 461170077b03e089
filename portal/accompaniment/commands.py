from flask.cli import AppGroup

accompaniment_cli = AppGroup("accompaniment", help="Accompagnement : rappels quotidiens aux coachs.")
