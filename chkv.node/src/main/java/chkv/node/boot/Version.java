package chkv.node.boot;

import picocli.CommandLine;

/** Reports the version the module was built as. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getModule().getDescriptor() == null ? null
                : Main.class.getModule().getDescriptor().rawVersion().orElse(null);
        return new String[] {"chkv " + (version == null ? "(development build)" : version)};
    }
}
