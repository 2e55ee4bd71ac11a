"""The camera registry over a real gRPC channel: create, read within the grant, list with
filters and keyset paging, update with etags, quarantine, CSV import."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp_video_index.domain import demo
from jlp_video_index.domain.cameras import CameraSpec

from .conftest import ADMIN, CITY, POLICE, READER, REGISTRAR, bearer, camera, make_camera, violations

CAM = "50010700081326000123"


def test_create_decodes_the_id_converts_the_datum_and_resolves_the_grid(stub, signer) -> None:
    zoo_gate = pb.Camera(id=CAM, name="动物园正门", owner_department_id=CITY, hd=True,
                         reported_position=pb.ReportedPosition(lon=106.5101, lat=29.5078, datum=pb.GCJ02))
    made = stub.CreateCamera(pb.CreateCameraRequest(camera=zoo_gate), metadata=bearer(signer, ADMIN))
    assert (made.id_parts.centre_code, made.id_parts.type_code, made.id_parts.type_name) == ("50010700", "132", "IPC")
    assert made.id_parts.network_name == "e-government extranet"
    assert made.reported_position.datum == pb.GCJ02 and made.reported_position.lon == 106.5101
    assert made.location.lon == pytest.approx(106.5062, abs=2e-4)
    assert (made.subdistrict_code, made.grid_status) == ("500107001", "RESOLVED")
    assert made.status == pb.CAMERA_STATUS_UNSPECIFIED
    again = stub.CreateCamera(pb.CreateCameraRequest(camera=zoo_gate), metadata=bearer(signer, ADMIN))
    assert again.etag == made.etag  # a retried create returns the stored camera
    with pytest.raises(grpc.RpcError) as taken:
        make_camera(stub, signer, CAM, lon=106.52)
    assert taken.value.code() == grpc.StatusCode.ALREADY_EXISTS


def test_bad_ids_are_refused_or_quarantined(stub, signer) -> None:
    with pytest.raises(grpc.RpcError) as bad:
        make_camera(stub, signer, "50010700082006000001")
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "type 200" in violations(bad.value)["camera.id"]
    with pytest.raises(grpc.RpcError) as held:
        make_camera(stub, signer, "34020000001320000001")
    assert held.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "quarantined" in held.value.details()
    with pytest.raises(grpc.RpcError):  # the client retries: still one entry
        make_camera(stub, signer, "34020000001320000001")
    q = stub.ListQuarantinedCameras(pb.ListQuarantinedCamerasRequest(), metadata=bearer(signer, ADMIN))
    assert [c.camera_id for c in q.quarantined_cameras] == ["34020000001320000001"]
    assert "factory-default" in q.quarantined_cameras[0].reasons[0]
    with pytest.raises(grpc.RpcError) as missing:
        stub.CreateCamera(pb.CreateCameraRequest(camera=pb.Camera(id=CAM)), metadata=bearer(signer, ADMIN))
    assert {"camera.name", "camera.ownerDepartmentId", "camera.reportedPosition.lon"} <= set(
        violations(missing.value))


def test_other_departments_cameras_are_invisible(stub, signer) -> None:
    make_camera(stub, signer, CAM)
    make_camera(stub, signer, "50010700001325000001", owner=POLICE)
    city = stub.ListCameras(pb.ListCamerasRequest(), metadata=bearer(signer, READER, dept=CITY))
    assert [c.id for c in city.cameras] == [CAM]
    with pytest.raises(grpc.RpcError) as hidden:
        stub.GetCamera(pb.GetCameraRequest(id="50010700001325000001"), metadata=bearer(signer, READER, dept=CITY))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    everyone = stub.ListCameras(pb.ListCamerasRequest(),
                                metadata=bearer(signer, (*READER, "video:camera.read_all"), dept="ops-center"))
    assert len(everyone.cameras) == 2
    nobody = stub.ListCameras(pb.ListCamerasRequest(), metadata=bearer(signer, READER, dept=""))
    assert list(nobody.cameras) == []


def test_a_department_admin_registers_its_own_cameras_only(stub, signer) -> None:
    with pytest.raises(grpc.RpcError) as other:
        stub.CreateCamera(pb.CreateCameraRequest(camera=camera(CAM, owner=POLICE)),
                          metadata=bearer(signer, ADMIN, dept=CITY))
    assert other.value.code() == grpc.StatusCode.PERMISSION_DENIED
    mine = stub.CreateCamera(pb.CreateCameraRequest(camera=camera(CAM, owner=CITY)),
                             metadata=bearer(signer, ADMIN, dept=CITY))
    with pytest.raises(grpc.RpcError) as hand_over:
        stub.UpdateCamera(pb.UpdateCameraRequest(camera=pb.Camera(id=CAM, owner_department_id=POLICE, etag=mine.etag),
                                                 update_mask=field_mask_pb2.FieldMask(paths=["owner_department_id"])),
                          metadata=bearer(signer, ADMIN, dept=CITY))
    assert hand_over.value.code() == grpc.StatusCode.PERMISSION_DENIED
    text = f"id,name,owner_department_id,lon,lat\n50010700001325000007,x,{POLICE},106.5,29.5\n"
    report = stub.ImportCameras(pb.ImportCamerasRequest(csv=text), metadata=bearer(signer, ADMIN, dept=CITY))
    assert report.rejected_count == 1 and report.problems[0].field == "owner_department_id"


def test_list_filters_and_keyset_paging(stub, signer) -> None:
    ids = [f"5001070008132600{i:04d}" for i in range(1, 6)]
    for i, cid in enumerate(ids):
        make_camera(stub, signer, cid, lon=106.50 + i * 0.001, hd=i % 2 == 0, networked=i == 4)
    md = bearer(signer, READER)
    page1 = stub.ListCameras(pb.ListCamerasRequest(page_size=2), metadata=md)
    page2 = stub.ListCameras(pb.ListCamerasRequest(page_size=2, page_token=page1.next_page_token), metadata=md)
    page3 = stub.ListCameras(pb.ListCamerasRequest(page_size=2, page_token=page2.next_page_token), metadata=md)
    assert [c.id for p in (page1, page2, page3) for c in p.cameras] == ids and not page3.next_page_token
    assert [c.id for c in stub.ListCameras(pb.ListCamerasRequest(hd=True), metadata=md).cameras] == ids[0::2]
    assert [c.id for c in stub.ListCameras(pb.ListCamerasRequest(networked=True), metadata=md).cameras] == ids[4:]
    boxed = stub.ListCameras(pb.ListCamerasRequest(bbox="106.5005,29.5,106.5025,29.52"), metadata=md)
    assert [c.id for c in boxed.cameras] == ids[1:3]
    assert len(stub.ListCameras(pb.ListCamerasRequest(online=False), metadata=md).cameras) == 5
    with pytest.raises(grpc.RpcError) as bad:
        stub.ListCameras(pb.ListCamerasRequest(bbox="1,2"), metadata=md)
    assert "bbox" in violations(bad.value)
    with pytest.raises(grpc.RpcError) as foreign:
        stub.ListCameras(pb.ListCamerasRequest(hd=True, page_token=page1.next_page_token), metadata=md)
    assert foreign.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_update_with_mask_and_etag(stub, signer) -> None:
    made = make_camera(stub, signer, CAM)
    moved = stub.UpdateCamera(pb.UpdateCameraRequest(
        camera=pb.Camera(id=CAM, name="ignored", reported_position=pb.ReportedPosition(lon=106.40, lat=29.47),
                         etag=made.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["reported_position"])), metadata=bearer(signer, ADMIN))
    assert moved.name == made.name and moved.location.lon == 106.40 and moved.subdistrict_code == "500107105"
    with pytest.raises(grpc.RpcError) as stale:
        stub.UpdateCamera(pb.UpdateCameraRequest(camera=pb.Camera(id=CAM, name="x", etag=made.etag),
                                                 update_mask=field_mask_pb2.FieldMask(paths=["name"])),
                          metadata=bearer(signer, ADMIN))
    assert stale.value.code() == grpc.StatusCode.ABORTED
    with pytest.raises(grpc.RpcError) as immutable:
        stub.UpdateCamera(pb.UpdateCameraRequest(camera=pb.Camera(id=CAM), update_mask=field_mask_pb2.FieldMask(
            paths=["id"])), metadata=bearer(signer, ADMIN))
    assert "update_mask" in violations(immutable.value)


def test_import_of_5000_rows_with_20_bad_ids(stub, signer) -> None:
    cams = demo.cameras(seed=11, total=5000, doubtful_share=0.0)
    specs = [c.spec for c in cams]
    bad = ["34020000001320000001", "50010400001325000040", "50010700082006000001", "5001070008132600012",
           "11010100001320000300", "50010700081186000999", "500107000813260001X0", "50010700082156000001",
           "99010700081326002222", "50010700201329002500", "50010600001325003000", "50010700001345003001",
           "50010700001326000000", "50000700001325003003", "00000000001320000001", "50010700081146003005",
           "50010700001505003006", "", "50010700003006003008", "34020000001320000002"]
    for k, code in enumerate(bad):
        specs[k * 250] = CameraSpec(**{**specs[k * 250].attributes(), "id": code})
    text = demo.to_csv(specs)
    md = bearer(signer, REGISTRAR)
    report = stub.ImportCameras(pb.ImportCamerasRequest(csv=text, request_id="imp-1"), metadata=md, timeout=120)
    assert report.imported_count == 4980
    assert report.quarantined_count + report.rejected_count == 20
    assert len(report.problems) == 20 and all(p.reasons for p in report.problems)
    assert {p.row for p in report.problems} == {k * 250 + 1 for k in range(20)}
    all_md = bearer(signer, (*READER, "video:camera.read_all"), dept="ops-center")
    page = stub.ListCameras(pb.ListCamerasRequest(page_size=1000), metadata=all_md)
    assert page.next_page_token  # 4,980 stored: more than one page
    held = stub.ListQuarantinedCameras(pb.ListQuarantinedCamerasRequest(page_size=1000), metadata=md)
    assert len(held.quarantined_cameras) == report.quarantined_count
    retried = stub.ImportCameras(pb.ImportCamerasRequest(csv=text, request_id="imp-1"), metadata=md, timeout=120)
    assert retried.imported_count == 4980 and len(retried.problems) == 20  # the first report, nothing redone


def test_reimport_is_unchanged_and_a_bad_file_is_refused(stub, signer) -> None:
    text = "id,name,owner_department_id,lon,lat\n" + f"{CAM},x,{CITY},106.5,29.5\n"
    md = bearer(signer, ADMIN)
    assert stub.ImportCameras(pb.ImportCamerasRequest(csv=text), metadata=md).imported_count == 1
    again = stub.ImportCameras(pb.ImportCamerasRequest(csv=text), metadata=md)
    assert (again.imported_count, again.unchanged_count) == (0, 1)
    with pytest.raises(grpc.RpcError) as bad:
        stub.ImportCameras(pb.ImportCamerasRequest(csv="name\nx\n"), metadata=md)
    assert "no id column" in violations(bad.value)["csv"]
    with pytest.raises(grpc.RpcError) as denied:
        stub.ImportCameras(pb.ImportCamerasRequest(csv=text), metadata=bearer(signer, READER))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
