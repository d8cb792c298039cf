def test_seventeen_goals_with_both_languages(client, db):
    goals = client.get("/api/v1/sdg/goals").json()
    assert [g["number"] for g in goals] == list(range(1, 18))
    assert goals[6]["short_sv"] == "Hållbar energi för alla"
    assert goals[6]["short_en"] == "Affordable and clean energy"


def test_169_targets_with_both_languages(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        targets = client.get("/api/v1/sdg/targets").json()
    assert len(targets) == 169
    assert all(t["title_sv"] and t["title_en"] for t in targets)
    assert targets[0]["code"] == "1.1" and targets[0]["goal"] == 1
    assert len(client.get("/api/v1/sdg/targets", {"goal": 17}).json()) == 19


def test_goal_detail_and_errors(client, db):
    goal = client.get("/api/v1/sdg/goals/11").json()
    assert goal["title_en"].startswith("Make cities")
    assert [t["code"] for t in goal["targets"]][:2] == ["11.1", "11.2"]
    missing = client.get("/api/v1/sdg/goals/18")
    assert missing.status_code == 404 and "18" in missing.json()["detail"]
    assert client.get("/api/v1/sdg/targets", {"goal": "x"}).status_code == 400
    assert client.get("/api/v1/sdg/targets", {"goal": 18}).status_code == 400
