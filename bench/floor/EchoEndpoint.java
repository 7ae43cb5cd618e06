import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** The platform's WebSocket floor: an annotated endpoint that only echoes, with the container's defaults. */
@ServerEndpoint("/ws/bare")
public class EchoEndpoint {

    @OnMessage
    public String echo(String text) {
        return text;
    }
}
