package chkv.node.boot;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Reads {@code HOST:PORT}, such as {@code 127.0.0.1:7370}, as the address of another process. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String text) {
        int colon = text.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65_535) {
            throw new CommandLine.TypeConversionException("address: " + text + " (expected: HOST:PORT, port 1-65535)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }
}
