"""Reports recorded a batch at a time (services.intake): what a batch does to itself, what
it does with reports others committed while it was being decided, and batches racing."""

import threading
import uuid

from server.db_setup import reading
from server.extensions import db
from server.models import Event, Flag, Item, Mutation, Report, Suggestion, User
from server.services import intake, ledger
from tests.factories import AREA_LAT, AREA_LON, now_iso
from tests.sync.conftest import report_mutation

SPOT = (AREA_LAT + 0.0011, AREA_LON - 0.0013)


def _same_problem(org, text="郭老庄村口窨井盖缺失，晚上容易踩空", **kw):
    """A report of one manhole problem at SPOT (a few metres apart when `dlat` is given)."""
    dlat = kw.pop("dlat", 0.0)
    return report_mutation(org, lat=SPOT[0] + dlat, lon=SPOT[1], description=text, **kw)


def test_same_problem_twice_in_one_push_is_one_item(app, org, push):
    first = _same_problem(org)
    again = _same_problem(org, "村口井盖缺失了，晚上踩空危险", dlat=0.00004, severity="urgent")
    other = report_mutation(org, description="游园健身器材损坏")
    results = push([first, other, again])
    assert [r["status"] for r in results] == ["applied"] * 3
    assert results[0]["item_id"] == results[2]["item_id"] != results[1]["item_id"]
    with app.app_context():
        item = db.session.get(Item, results[0]["item_id"])
        assert (item.report_count, item.severity) == (2, "urgent")
        events = db.session.query(Event).filter_by(item_id=item.id).order_by(Event.seq).all()
        assert [e.action for e in events] == ["create", "report"]
        assert item.change_seq == events[-1].seq


def test_report_decided_before_a_twin_committed_joins_it(app, org):
    """Two phones report one problem at once: the batch planned before the other's commit
    is weighed again when written, and joins (with the batch's own joiner following)."""
    mine = _same_problem(org)["payload"]
    mine_again = _same_problem(org, "村口井盖没了，有个黑窟窿", dlat=0.00003)["payload"]
    theirs = _same_problem(org, "郭老庄村口井盖丢了，夜里踩空危险", dlat=-0.00003)["payload"]
    for data in (mine, mine_again, theirs):
        data["captured_at"] = _naive(data["captured_at"])
    with app.app_context():
        cadre, other = (db.session.get(User, org.users[n]) for n in ("cadre", "cadre2"))
        planned = intake.plan(cadre.id, [("m1", mine), ("m2", mine_again)])
        assert [e.decision.kind for e in planned.entries] == ["new", "join"]
        db.session.rollback()
        twin = intake.create_report(other, theirs, client_id="t1")   # commits in between
        db.session.commit()
        outcomes = intake.write(cadre.id, planned)
        db.session.commit()
        assert {o.item_id for o in outcomes} == {twin.item_id}
        item = db.session.get(Item, twin.item_id)
        assert item.report_count == 3 and db.session.query(Item).count() == 1
        assert db.session.query(Suggestion).count() == 0


def test_without_a_late_twin_the_plan_stands(app, org):
    data = _same_problem(org)["payload"]
    data["captured_at"] = _naive(data["captured_at"])
    elsewhere = report_mutation(org, description="郭老庄村口窨井盖缺失")["payload"]
    elsewhere["captured_at"] = _naive(elsewhere["captured_at"])
    with app.app_context():
        cadre, other = (db.session.get(User, org.users[n]) for n in ("cadre", "cadre2"))
        planned = intake.plan(cadre.id, [("m1", data)])
        db.session.rollback()
        far = intake.create_report(other, elsewhere, client_id="t1")  # same words, 200 m off
        db.session.commit()
        (outcome,) = intake.write(cadre.id, planned)
        db.session.commit()
        assert outcome.item_id != far.item_id
        assert db.session.get(Item, outcome.item_id).report_count == 1


def test_a_photo_used_twice_in_one_batch_is_flagged_on_the_second(app, org, push, upload,
                                                                   photos_dir):
    digest = upload((photos_dir / "landscape_1.jpg").read_bytes())
    a = report_mutation(org, photos=[digest], description="路边私搭乱建彩钢棚")
    b = report_mutation(org, photos=[digest], description="游园直饮水点出水口堵塞")
    ra, rb = push([a, b])
    assert ra["item_id"] != rb["item_id"]
    with app.app_context():
        flags = {(f.item_id, f.kind) for f in db.session.query(Flag)}
        assert flags == {(rb["item_id"], "photo_reused")}


def test_a_push_mixing_kinds_keeps_order_and_meaning(app, org, push):
    checkin = {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": now_iso(),
               "payload": {"area_id": org.areas["郭老庄"], "lat": AREA_LAT, "lon": AREA_LON,
                           "accuracy_m": 5.0}}
    on_visit = report_mutation(org, visit_id=checkin["id"], description="路灯不亮")
    bad = report_mutation(org, category="no_such_category")
    good = report_mutation(org, description="路面坑洼积水")
    results = push([on_visit, checkin, _copy(on_visit), bad, good, _copy(bad), _copy(good)])
    assert [r["status"] for r in results] == [
        "applied", "applied", "duplicate", "rejected", "applied", "duplicate", "duplicate"]
    assert results[2]["report_id"] == results[0]["report_id"]
    assert results[5]["first_status"] == "rejected"
    assert results[6]["item_id"] == results[4]["item_id"]
    with app.app_context():
        visit_of = {r.client_id: r.visit_id for r in db.session.query(Report)}
        assert visit_of[on_visit["id"]] is None            # the check-in came after it
        assert db.session.query(Mutation).filter_by(status="rejected").count() == 1


def test_overlapping_batches_racing_apply_each_report_once(app, org, auth):
    """Pushes sharing some mutations sent at once on separate connections (a phone's
    retry racing its first attempt): every report is recorded exactly once."""
    h = auth("cadre")
    ms = [report_mutation(org, description=f"第{n}处路面塌陷") for n in range(8)]
    bodies = [ms[0:5], ms[3:8], ms[1:7], ms[0:8]]
    barrier, answers, errors = threading.Barrier(len(bodies)), [], []

    def send(mutations):
        client = app.test_client()
        barrier.wait()
        try:
            resp = client.post("/api/v1/sync/push", headers=h,
                               json={"device_id": "phone", "mutations": mutations})
            answers.append((resp.status_code, resp.get_json()["results"]))
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(code == 200 for code, _ in answers)
    item_of: dict[str, set] = {}
    applied = 0
    for _, results in answers:
        for r in results:
            assert r["status"] in ("applied", "duplicate"), r
            applied += r["status"] == "applied"
            item_of.setdefault(r["id"], set()).add(r["item_id"])
    assert applied == len(ms) and all(len(ids) == 1 for ids in item_of.values())
    with app.app_context():
        assert db.session.query(Report).count() == len(ms)
        assert db.session.query(Mutation).filter_by(status="applied").count() == len(ms)
        assert db.session.query(Event).count() == len(ms)


def _copy(mutation: dict) -> dict:
    """The same mutation again (a phone re-sending inside one push)."""
    return {**mutation, "payload": dict(mutation["payload"])}


def _naive(iso: str):
    """A phone time as the services take it: naive UTC."""
    from datetime import UTC, datetime
    return datetime.fromisoformat(iso).astimezone(UTC).replace(tzinfo=None)


def test_two_batches_opening_one_problem_at_once_make_one_item(app, org):
    """Batch B is decided while batch A, which opens the same problem, is written but not
    committed (A commits only once B has planned): B's write then takes a second look
    under the chain head and joins A's item instead of opening a second one."""
    a = _same_problem(org)["payload"]
    b = _same_problem(org, "郭老庄村口井盖丢了，夜里踩空危险", dlat=0.00003)["payload"]
    for data in (a, b):
        data["captured_at"] = _naive(data["captured_at"])
    writing, b_planned, outcomes, errors = threading.Event(), threading.Event(), {}, []

    def first():
        with app.app_context():
            try:
                with reading(db.session):
                    planned = intake.plan(org.users["cadre"], [("a1", a)])
                outcomes["a"] = intake.write(org.users["cadre"], planned)[0]
                writing.set()
                assert b_planned.wait(10)         # still uncommitted while B is decided
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)
                writing.set()

    def second():
        writing.wait(10)
        with app.app_context():
            try:
                with reading(db.session):               # as sync_push plans
                    planned = intake.plan(org.users["cadre2"], [("b1", b)])
                outcomes["b_planned"] = planned.entries[0].decision.kind
                b_planned.set()
                outcomes["b"] = intake.write(org.users["cadre2"], planned)[0]
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)
                b_planned.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert outcomes["b_planned"] == "new"                 # A was not visible yet
    assert outcomes["b"].item_id == outcomes["a"].item_id
    with app.app_context():
        assert db.session.query(Item).count() == 1
        assert db.session.get(Item, outcomes["a"].item_id).report_count == 2


def test_a_report_whose_item_was_rejected_meanwhile_is_decided_again(app, org):
    """The batch planned to join item X; the office rejected X before the batch was
    written. X is left as it is and the report opens an item of its own."""
    first = _same_problem(org)["payload"]
    again = _same_problem(org, "村口井盖没了，有个黑窟窿", dlat=0.00003)["payload"]
    for data in (first, again):
        data["captured_at"] = _naive(data["captured_at"])
    with app.app_context():
        cadre, other = (db.session.get(User, org.users[n]) for n in ("cadre", "cadre2"))
        office = db.session.get(User, org.users["office"])
        x = intake.create_report(other, first, client_id="x1")
        db.session.commit()
        with reading(db.session):
            planned = intake.plan(cadre.id, [("m1", again)])
        assert planned.entries[0].decision.kind == "join"
        ledger.reject(office, x.item_id, {"reason": "重复上报，已合并处理"})
        db.session.commit()
        (outcome,) = intake.write(cadre.id, planned)
        db.session.commit()
        assert outcome.item_id != x.item_id
        rejected = db.session.get(Item, x.item_id)
        assert (rejected.status, rejected.report_count) == ("rejected", 1)
        mine = db.session.get(Item, outcome.item_id)
        assert (mine.status, mine.report_count) == ("new", 1)
        event = db.session.query(Event).filter_by(item_id=mine.id).one()
        assert event.action == "create"
