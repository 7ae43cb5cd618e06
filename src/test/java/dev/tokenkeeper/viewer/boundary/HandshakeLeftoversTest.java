package dev.tokenkeeper.viewer.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The release works on anything of the platform's shape (members looked up by name), and does nothing
 * at all on anything else. The fakes below have the members Payara 6 / Grizzly 4 / Tyrus 2 have.
 */
class HandshakeLeftoversTest {

    /** Catalina's {@code RequestFacade}: the request in a field. */
    static final class Facade {
        Object request;

        Facade(Object request) {
            this.request = request;
        }
    }

    static final class CatalinaRequest {
        boolean upgrade = true;
        GrizzlyRequest coyote = new GrizzlyRequest();
        Object handler = new UpgradeHandler();

        public boolean isUpgrade() {
            return upgrade;
        }

        public GrizzlyRequest getCoyoteRequest() {
            return coyote;
        }

        public Object getHttpUpgradeHandler() {
            return handler;
        }
    }

    static final class GrizzlyRequest {
        Packet packet = new Packet();
        GrizzlyResponse response = new GrizzlyResponse();
        Object parameters = new Parameters();

        public Packet getRequest() {
            return packet;
        }

        public GrizzlyResponse getResponse() {
            return response;
        }

        public Object getParameters() {
            return parameters;
        }
    }

    static final class GrizzlyResponse {
        Packet packet = new Packet();

        public Packet getResponse() {
            return packet;
        }
    }

    static final class Packet {
        boolean committed = true;
        final Headers headers = new Headers();

        public boolean isCommitted() {
            return committed;
        }

        public Headers getHeaders() {
            return headers;
        }
    }

    static final class HeaderField {
    }

    /** Grizzly's {@code MimeHeaders}: clear() keeps the field objects. */
    static final class Headers {
        private HeaderField[] headers = {new HeaderField(), new HeaderField(), new HeaderField()};
        int count = 3;

        public void clear() {
            count = 0;
        }
    }

    static final class CharChunk {
        char[] buff = new char[1024];

        public void reset() {
            buff = null;
        }
    }

    static final class Parameters {
        final CharChunk tmpNameC = new CharChunk();
        final CharChunk tmpValueC = new CharChunk();
    }

    static final class OtherParameters {
        final CharChunk scratch = new CharChunk();
    }

    public interface UpgradeInfo {
        String getStatus();

        Object createConnection(Object writer, Object listener);
    }

    static final class SuccessfulUpgradeInfo implements UpgradeInfo {
        final Object connection = new Object();

        @Override
        public String getStatus() {
            return "SUCCESS";
        }

        @Override
        public Object createConnection(Object writer, Object listener) {
            return connection;
        }
    }

    static final class UpgradeHandler {
        private UpgradeInfo upgradeInfo = new SuccessfulUpgradeInfo();
    }

    private final HandshakeLeftovers cut = new HandshakeLeftovers();

    @Test
    void anUpgradedRequestLosesItsHeadersScratchBuffersAndHandshakeRequest() {
        CatalinaRequest request = new CatalinaRequest();
        UpgradeHandler handler = (UpgradeHandler) request.handler;
        SuccessfulUpgradeInfo original = (SuccessfulUpgradeInfo) handler.upgradeInfo;

        assertTrue(cut.releaseBehind(new Facade(request)));

        for (Packet packet : new Packet[] {request.coyote.packet, request.coyote.response.packet}) {
            assertEquals(0, packet.headers.count);
            assertEquals(8, packet.headers.headers.length);
            assertTrue(Arrays.stream(packet.headers.headers).allMatch(field -> field == null));
        }
        Parameters parameters = (Parameters) request.coyote.parameters;
        assertNull(parameters.tmpNameC.buff);
        assertNull(parameters.tmpValueC.buff);
        assertTrue(Proxy.isProxyClass(handler.upgradeInfo.getClass()));
        assertTrue(cut.supported());

        // the handler's one use still reaches the original; after it, the original is gone
        assertEquals("SUCCESS", handler.upgradeInfo.getStatus());
        assertSame(original.connection, handler.upgradeInfo.createConnection(null, null));
        assertEquals("SUCCESS", handler.upgradeInfo.getStatus());
        assertThrows(IllegalStateException.class, () -> handler.upgradeInfo.createConnection(null, null));
    }

    @Test
    void theShapeLearnedOnceServesTheNextRequests() {
        assertTrue(cut.releaseBehind(new Facade(new CatalinaRequest())));
        CatalinaRequest second = new CatalinaRequest();

        assertTrue(cut.releaseBehind(new Facade(second)));
        assertEquals(0, second.coyote.packet.headers.count);
    }

    @Test
    void aResponseNotYetCommittedKeepsEverything() {
        CatalinaRequest request = new CatalinaRequest();
        request.coyote.response.packet.committed = false;

        assertFalse(cut.releaseBehind(new Facade(request)));

        assertEquals(3, request.coyote.packet.headers.count);
        assertNotNull(((Parameters) request.coyote.parameters).tmpNameC.buff);
        assertTrue(cut.supported());
    }

    @Test
    void aRequestThatWasNotUpgradedIsLeftAloneAndTeachesNothing() {
        CatalinaRequest request = new CatalinaRequest();
        request.upgrade = false;

        assertFalse(cut.releaseBehind(new Facade(request)));

        assertEquals(3, request.coyote.packet.headers.count);
        assertTrue(cut.supported());
        assertTrue(cut.releaseBehind(new Facade(new CatalinaRequest())));
    }

    @Test
    void anotherContainersRequestIsANoOpFromThenOn() {
        assertFalse(cut.releaseBehind(new Object()));

        assertFalse(cut.supported());
        CatalinaRequest request = new CatalinaRequest();
        assertFalse(cut.releaseBehind(new Facade(request)));
        assertEquals(3, request.coyote.packet.headers.count);
    }

    @Test
    void aMissingMemberChangesNothingAtAll() {
        CatalinaRequest request = new CatalinaRequest();
        request.coyote.parameters = new OtherParameters();
        HeaderField[] before = request.coyote.packet.headers.headers;
        Object info = ((UpgradeHandler) request.handler).upgradeInfo;

        assertFalse(cut.releaseBehind(new Facade(request)));

        assertFalse(cut.supported());
        assertEquals(3, request.coyote.packet.headers.count);
        assertArrayEquals(before, request.coyote.packet.headers.headers);
        assertSame(info, ((UpgradeHandler) request.handler).upgradeInfo);
        assertNotNull(((OtherParameters) request.coyote.parameters).scratch.buff);
    }

    @Test
    void aHandlerOfAnotherKindKeepsWhatItHas() {
        CatalinaRequest first = new CatalinaRequest();
        assertTrue(cut.releaseBehind(new Facade(first)));
        CatalinaRequest second = new CatalinaRequest();
        second.handler = new Object();

        assertTrue(cut.releaseBehind(new Facade(second)));

        assertEquals(0, second.coyote.packet.headers.count);
    }
}
