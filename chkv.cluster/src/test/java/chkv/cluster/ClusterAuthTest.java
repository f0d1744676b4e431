package chkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterAuthTest {

    private final ClusterAuth secret = new ClusterAuth("s3cret".getBytes(StandardCharsets.UTF_8));
    private final byte[] connecting = ClusterAuth.nonce();
    private final byte[] accepting = ClusterAuth.nonce();

    @Test
    void proofs_matchOnlyWithTheSameSecret() {
        ClusterAuth same = new ClusterAuth("s3cret".getBytes(StandardCharsets.UTF_8));
        ClusterAuth other = new ClusterAuth("guess".getBytes(StandardCharsets.UTF_8));
        ClusterAuth none = new ClusterAuth(new byte[0]);
        byte[] proof = secret.connectingProof(connecting, accepting);
        assertThat(ClusterAuth.matches(same.connectingProof(connecting, accepting), proof)).isTrue();
        assertThat(ClusterAuth.matches(other.connectingProof(connecting, accepting), proof)).isFalse();
        assertThat(ClusterAuth.matches(none.connectingProof(connecting, accepting), proof)).isFalse();
        assertThat(ClusterAuth.matches(none.connectingProof(connecting, accepting),
                new ClusterAuth(new byte[0]).connectingProof(connecting, accepting))).isTrue();
    }

    @Test
    void proofs_differByRoleAndNonce_soNoneReplaysAsAnother() {
        byte[] proof = secret.connectingProof(connecting, accepting);
        assertThat(ClusterAuth.matches(secret.acceptingProof(connecting, accepting), proof)).isFalse();
        assertThat(ClusterAuth.matches(secret.connectingProof(connecting, ClusterAuth.nonce()), proof)).isFalse();
        assertThat(ClusterAuth.matches(proof, null)).isFalse();
    }

    @Test
    void nonce_ofTheWrongLength_isRefused() {
        assertThatThrownBy(() -> secret.connectingProof(new byte[3], accepting))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
