"""The video-index service over a real gRPC channel (random port, embedded store), with its
events through a real nats-server."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2

from jlp.video_index.v1 import video_index_pb2 as pb
from jlp.video_index.v1 import video_index_pb2_grpc as pb_grpc
from jlp_common.config import Settings
from jlp_common.events import EventBus
from jlp_testkit.nats import wait_for
from jlp_testkit.tokens import TestSigner
from jlp_video_index.app import build

ADMIN = ["video:item.admin", "video:item.read"]


@pytest.fixture
def service(nats_server):
    signer = TestSigner()
    env = {"JLP_GRPC_PORT": "0", "JLP_GRPC_HOST": "127.0.0.1", "JLP_METRICS_PORT": "0",
           "JLP_NATS_URL": nats_server.url, "JLP_LOG_LEVEL": "WARNING"}
    settings = Settings.from_env("video-index", env)
    app = build(settings, bus=EventBus(settings), verifier=signer.verifier())
    port = app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield pb_grpc.VideoIndexServiceStub(channel), signer, app, nats_server
    channel.close()
    app.stop(0)


def md(signer: TestSigner, permissions: list[str]) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {signer.token(scopes=permissions)}")]


def test_create_get_list_update_delete(service) -> None:
    stub, signer, _app, _nats = service
    admin = md(signer, ADMIN)
    made = stub.CreateItem(pb.CreateItemRequest(item=pb.Item(display_name="一")), metadata=admin)
    assert stub.GetItem(pb.GetItemRequest(id=made.id), metadata=admin).display_name == "一"
    second = stub.CreateItem(pb.CreateItemRequest(item=pb.Item(display_name="二")), metadata=admin)
    first_page = stub.ListItems(pb.ListItemsRequest(page_size=1), metadata=admin)
    assert [i.id for i in first_page.items] == [second.id] and first_page.next_page_token
    rest = stub.ListItems(pb.ListItemsRequest(page_size=1, page_token=first_page.next_page_token),
                          metadata=admin)
    assert [i.id for i in rest.items] == [made.id] and not rest.next_page_token
    changed = stub.UpdateItem(pb.UpdateItemRequest(
        item=pb.Item(id=made.id, display_name="一改", etag=made.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["display_name"])), metadata=admin)
    assert changed.display_name == "一改" and changed.etag != made.etag
    with pytest.raises(grpc.RpcError) as stale:
        stub.UpdateItem(pb.UpdateItemRequest(item=pb.Item(id=made.id, display_name="x",
                                                          etag=made.etag)), metadata=admin)
    assert stale.value.code() == grpc.StatusCode.ABORTED
    stub.DeleteItem(pb.DeleteItemRequest(id=made.id), metadata=admin)
    with pytest.raises(grpc.RpcError) as gone:
        stub.GetItem(pb.GetItemRequest(id=made.id), metadata=admin)
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND


def test_bad_input_names_the_field_and_callers_need_the_permission(service) -> None:
    stub, signer, _app, _nats = service
    with pytest.raises(grpc.RpcError) as bad:
        stub.CreateItem(pb.CreateItemRequest(item=pb.Item(display_name=" ")),
                        metadata=md(signer, ADMIN))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "item.display_name" in str(bad.value.trailing_metadata())
    with pytest.raises(grpc.RpcError) as denied:
        stub.CreateItem(pb.CreateItemRequest(item=pb.Item(display_name="x")),
                        metadata=md(signer, ["video:item.read"]))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as anonymous:
        stub.ListItems(pb.ListItemsRequest())
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_created_item_is_published_once(service) -> None:
    stub, signer, _app, nats = service
    received: list[dict] = []
    listener = EventBus(Settings.from_env("listener", {"JLP_NATS_URL": nats.url}))
    listener.start()
    try:
        listener.subscribe(stream="JLP_VIDEO", durable="test-video-listener",
                           filter_subject="jlp.video.item.created",
                           handler=lambda event: received.append(event.data))
        made = stub.CreateItem(pb.CreateItemRequest(item=pb.Item(display_name="事件")),
                               metadata=md(signer, ADMIN))
        mine = wait_for(lambda: [e for e in received if e["itemId"] == made.id], timeout_s=15,
                        message="jlp.video.item.created of the new item")
        assert [e["displayName"] for e in mine] == ["事件"]
    finally:
        listener.stop()
