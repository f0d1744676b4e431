package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chkv:// URI: the NameNode's address and the options, each checked. */
class ClientSettingsTest {

    @Test
    void defaults_portAndOptions() {
        ClientSettings s = ClientSettings.parse(URI.create("chkv://127.0.0.1"));
        assertThat(s.nameNode()).isEqualTo(new InetSocketAddress("127.0.0.1", 7370));
        assertThat(s.secret()).isEmpty();
        assertThat(s.password()).isNull();
        assertThat(s.transport()).isEqualTo("netty");
        assertThat(s.connectionsPerNode()).isEqualTo(1);
        assertThat(s.role()).isEqualTo("client");
    }

    @Test
    void options_areDecoded() {
        ClientSettings s = ClientSettings.parse(URI.create(
                "chkv://localhost:7400?secret=a%26b&password=pw&timeout-ms=50&connections=2&role=proxy"));
        assertThat(s.nameNode().getPort()).isEqualTo(7400);
        assertThat(new String(s.secret(), StandardCharsets.UTF_8)).isEqualTo("a&b");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.timeoutMillis()).isEqualTo(50);
        assertThat(s.connectionsPerNode()).isEqualTo(2);
        assertThat(s.role()).isEqualTo("proxy");
    }

    @Test
    void secretFile_isRead_withoutItsTrailingLineBreak(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "top secret\r\n");
        ClientSettings s = ClientSettings.parse(URI.create("chkv://127.0.0.1?secret-file=" + file));
        assertThat(new String(s.secret(), StandardCharsets.UTF_8)).isEqualTo("top secret");
        Files.writeString(file, "two lines\n\n"); // only one break is the editor's, as the NameNode reads it
        s = ClientSettings.parse(URI.create("chkv://127.0.0.1?secret-file=" + file));
        assertThat(new String(s.secret(), StandardCharsets.UTF_8)).isEqualTo("two lines\n");
    }

    @Test
    void invalidOptions_failNamingWhatIsExpected() {
        assertThatThrownBy(() -> ClientSettings.parse(URI.create("chkv://h?colour=red")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("client URI option: colour (expected one of: ");
        assertThatThrownBy(() -> ClientSettings.parse(URI.create("chkv://h?timeout-ms=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timeout-ms: 0");
        assertThatThrownBy(() -> ClientSettings.parse(URI.create("chkv://h?secret=a&secret-file=b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> ClientSettings.parse(URI.create("chkv:///path")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ClientSettings.parse(URI.create("chkv://h?role=admin")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("role: admin");
    }
}
