package dev.tokenkeeper.viewer.boundary;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frees what a viewer's WebSocket handshake leaves behind once its 101 is on the wire. After a servlet
 * upgrade Payara keeps the handshake's request and response (Catalina's, and under them Grizzly's,
 * with their HTTP packets) until the socket closes, because Tyrus reads and writes the upgraded
 * connection through their input and output buffers. That is about 30 KiB per open viewer, of which
 * these parts are dead once the upgrade is done (heap dump, docs/notes/heap.md):
 *
 * <ul>
 * <li>the request's and the response's header fields (Grizzly {@code MimeHeaders}: a name and a value
 *     {@code DataChunk} per header, each with a byte, a char and a buffer chunk), about 5.3 KB. Tyrus
 *     copied the request headers into its own handshake request before the upgrade, and the
 *     response headers were written by the flush that sent the 101;</li>
 * <li>the two 1,024-char scratch buffers of the request's parameter parser (4.1 KB), used only while
 *     parameters are parsed, which happened before the upgrade;</li>
 * <li>Tyrus' handshake request (its header map, URI, parameter map: 3 KB), which its upgrade handler
 *     keeps in a field it reads once, when Payara initialises the handler right after the request's
 *     filters and valves have returned.</li>
 * </ul>
 *
 * <p>The header arrays are replaced by empty ones and the scratch buffers dropped (Grizzly allocates
 * both again on demand), so the request and response objects stay fit for reuse: Grizzly pools them
 * and hands them to a later request once the socket closes. Tyrus' handshake request is released by
 * handing the upgrade handler a stand-in that forwards its one use and then forgets the original.
 * What the connection still uses is untouched: the input and output buffers, the packets' state
 * (upgrade, committed, content framing), method and URI.
 *
 * <p>All of this is reflection into Payara's, Grizzly's and Tyrus' internals, looked up by name on the
 * first upgrade. When a member is not where it is expected (another version of the platform), this
 * logs once at INFO and does nothing from then on: the viewer works as before and only the memory
 * is not saved.
 */
final class HandshakeLeftovers {

    private static final Logger LOG = Logger.getLogger(HandshakeLeftovers.class.getName());
    /** Grizzly's own initial size of a header array; it grows the array when more headers come. */
    private static final int HEADER_SLOTS = 8;

    private volatile Shape shape;
    private volatile boolean unsupported;

    /**
     * Releases the dead parts of the handshake behind {@code request}, once its upgrade is done and the
     * response committed; anything else is left alone. Call it on the request's own thread, after the
     * filter chain returned and before the container initialises the upgrade handler.
     *
     * @return whether anything was released
     */
    boolean release(ServletRequest request) {
        ServletRequest facade = request;
        while (facade instanceof ServletRequestWrapper wrapper) {
            facade = wrapper.getRequest();
        }
        return releaseBehind(facade);
    }

    /** Whether the platform's internals had the expected shape (or were not looked at yet). */
    boolean supported() {
        return !unsupported;
    }

    boolean releaseBehind(Object facade) {
        if (unsupported || facade == null) {
            return false;
        }
        try {
            Shape known = shape;
            if (known == null || known.facadeType != facade.getClass()) {
                known = Shape.of(facade);
                shape = known;
            }
            return known.release(facade);
        } catch (NotUpgraded e) {
            return false; // nothing to learn the shape from yet
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsupported = true;
            LOG.log(Level.INFO, "Viewer sockets keep their handshake's request and response headers for their life: the "
                    + "servlet container's internals are not the expected ones (" + facade.getClass().getName() + ")", e);
            return false;
        }
    }

    /** A request that was not upgraded: the upgrade handler's members cannot be looked up on it. */
    private static final class NotUpgraded extends RuntimeException {
        NotUpgraded() {
            super(null, null, false, false);
        }
    }

    /** The members used, looked up once on the first upgraded request. */
    private static final class Shape {
        final Class<?> facadeType;
        final Field catalinaRequest;
        final Method isUpgrade;
        final Method coyoteRequest;
        final Method upgradeHandler;
        final Method requestPacket;
        final Method coyoteResponse;
        final Method responsePacket;
        final Method isCommitted;
        final Method headersOfRequest;
        final Method headersOfResponse;
        final Method clearHeaders;
        final Field headerArray;
        final Method parameters;
        final Field nameScratch;
        final Field valueScratch;
        final Method dropScratch;
        final Field upgradeInfo;

        private Shape(Object facade) throws ReflectiveOperationException {
            facadeType = facade.getClass();
            catalinaRequest = field(facadeType, "request");
            Object catalina = required(catalinaRequest.get(facade), "the facade's request");
            isUpgrade = method(catalina, "isUpgrade");
            if (!Boolean.TRUE.equals(isUpgrade.invoke(catalina))) {
                throw new NotUpgraded();
            }
            coyoteRequest = method(catalina, "getCoyoteRequest");
            upgradeHandler = method(catalina, "getHttpUpgradeHandler");
            Object grizzly = required(coyoteRequest.invoke(catalina), "the Grizzly request");
            requestPacket = method(grizzly, "getRequest");
            coyoteResponse = method(grizzly, "getResponse");
            parameters = method(grizzly, "getParameters");
            Object grizzlyResponse = required(coyoteResponse.invoke(grizzly), "the Grizzly response");
            responsePacket = method(grizzlyResponse, "getResponse");
            Object request = required(requestPacket.invoke(grizzly), "the request packet");
            Object response = required(responsePacket.invoke(grizzlyResponse), "the response packet");
            isCommitted = method(response, "isCommitted");
            headersOfRequest = method(request, "getHeaders");
            headersOfResponse = method(response, "getHeaders");
            Object headers = required(headersOfRequest.invoke(request), "the request headers");
            clearHeaders = method(headers, "clear");
            headerArray = field(headers.getClass(), "headers");
            if (!headerArray.getType().isArray() || headerArray.getType().getComponentType().isPrimitive()) {
                throw new NoSuchFieldException("headers is not an array of header fields: " + headerArray.getType());
            }
            Object params = required(parameters.invoke(grizzly), "the request parameters");
            nameScratch = field(params.getClass(), "tmpNameC");
            valueScratch = field(params.getClass(), "tmpValueC");
            dropScratch = method(required(nameScratch.get(params), "the parameter name buffer"), "reset");
            Object handler = required(upgradeHandler.invoke(catalina), "the upgrade handler");
            upgradeInfo = field(handler.getClass(), "upgradeInfo");
            if (!upgradeInfo.getType().isInterface()) {
                throw new NoSuchFieldException("upgradeInfo is not an interface: " + upgradeInfo.getType());
            }
        }

        static Shape of(Object facade) throws ReflectiveOperationException {
            return new Shape(facade);
        }

        boolean release(Object facade) throws ReflectiveOperationException {
            Object catalina = catalinaRequest.get(facade);
            if (catalina == null || !Boolean.TRUE.equals(isUpgrade.invoke(catalina))) {
                return false;
            }
            Object grizzly = coyoteRequest.invoke(catalina);
            Object response = responsePacket.invoke(coyoteResponse.invoke(grizzly));
            if (!Boolean.TRUE.equals(isCommitted.invoke(response))) {
                return false; // the 101 is not on the wire yet: its headers are still needed
            }
            Object handler = upgradeHandler.invoke(catalina);
            if (upgradeInfo.getDeclaringClass().isInstance(handler)) {
                Object info = upgradeInfo.get(handler);
                if (info != null && !Proxy.isProxyClass(info.getClass())) {
                    upgradeInfo.set(handler, UsedOnce.standIn(upgradeInfo.getType(), info));
                }
            }
            emptyHeaders(headersOfRequest.invoke(requestPacket.invoke(grizzly)));
            emptyHeaders(headersOfResponse.invoke(response));
            Object params = parameters.invoke(grizzly);
            dropScratch.invoke(nameScratch.get(params));
            dropScratch.invoke(valueScratch.get(params));
            return true;
        }

        /** Clears the headers and lets go of their field objects: Grizzly's clear() keeps them for reuse. */
        private void emptyHeaders(Object headers) throws ReflectiveOperationException {
            clearHeaders.invoke(headers);
            headerArray.set(headers, Array.newInstance(headerArray.getType().getComponentType(), HEADER_SLOTS));
        }

        private static Object required(Object value, String what) throws NoSuchFieldException {
            if (value == null) {
                throw new NoSuchFieldException(what + " is missing");
            }
            return value;
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField(name);
                    field.setAccessible(true);
                    return field;
                } catch (NoSuchFieldException notHere) {
                    // a superclass may declare it
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }

        private static Method method(Object target, String name) throws NoSuchMethodException {
            Method method = target.getClass().getMethod(name);
            method.setAccessible(true); // public, but possibly declared by a class that is not
            return method;
        }
    }

    /**
     * Stands in for Tyrus' upgrade info: the upgrade handler uses it once, to create the connection when
     * Payara initialises it, and keeps it for the socket's life; this forgets the original after that use.
     */
    static final class UsedOnce implements InvocationHandler {
        private volatile Object delegate;
        private final Object status;

        private UsedOnce(Object delegate, Object status) {
            this.delegate = delegate;
            this.status = status;
        }

        static Object standIn(Class<?> type, Object delegate) throws ReflectiveOperationException {
            Object status = type.getMethod("getStatus").invoke(delegate);
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new UsedOnce(delegate, status));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getStatus":
                    return status;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "upgrade info, used once (" + status + ")";
                default:
                    break;
            }
            Object original = delegate;
            if (original == null) {
                throw new IllegalStateException("the upgrade info was already used: " + method.getName());
            }
            delegate = null;
            try {
                return method.invoke(original, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
