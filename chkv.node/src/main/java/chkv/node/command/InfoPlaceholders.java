package chkv.node.command;

import static chkv.node.command.InfoReport.line;

/**
 * INFO's persistence, stats and replication sections. A DataNode keeps nothing on disk, never
 * forks and has no replicas: those fields carry the values a Redis without them shows.
 */
final class InfoPlaceholders {
    private InfoPlaceholders() {}

    static void persistence(ServerState s, StringBuilder out) {
        line(out, "loading", 0);
        line(out, "async_loading", 0);
        line(out, "current_cow_peak", 0);
        line(out, "current_cow_size", 0);
        line(out, "current_cow_size_age", 0);
        line(out, "current_fork_perc", "0.00");
        line(out, "current_save_keys_processed", 0);
        line(out, "current_save_keys_total", 0);
        line(out, "rdb_changes_since_last_save", 0);
        line(out, "rdb_bgsave_in_progress", 0);
        line(out, "rdb_last_save_time", s.startMillis() / 1000); // Redis: the start time until a save
        line(out, "rdb_last_bgsave_status", "ok");
        line(out, "rdb_last_bgsave_time_sec", -1);
        line(out, "rdb_current_bgsave_time_sec", -1);
        line(out, "rdb_saves", 0);
        line(out, "rdb_last_cow_size", 0);
        line(out, "rdb_last_load_keys_expired", 0);
        line(out, "rdb_last_load_keys_loaded", 0);
        line(out, "aof_enabled", 0);
        line(out, "aof_rewrite_in_progress", 0);
        line(out, "aof_rewrite_scheduled", 0);
        line(out, "aof_last_rewrite_time_sec", -1);
        line(out, "aof_current_rewrite_time_sec", -1);
        line(out, "aof_last_bgrewrite_status", "ok");
        line(out, "aof_rewrites", 0);
        line(out, "aof_rewrites_consecutive_failures", 0);
        line(out, "aof_last_write_status", "ok");
        line(out, "aof_last_cow_size", 0);
        line(out, "module_fork_in_progress", 0);
        line(out, "module_fork_last_cow_size", 0);
    }

    static void stats(ServerState s, StringBuilder out) {
        Stats stats = s.stats();
        line(out, "total_connections_received", stats.connectionsReceived.sum());
        line(out, "total_commands_processed", stats.commandsProcessed.sum());
        line(out, "instantaneous_ops_per_sec", stats.opsPerSecond(s.nanoTime()));
        line(out, "total_net_input_bytes", 0); // the transport does not count bytes
        line(out, "total_net_output_bytes", 0);
        line(out, "total_net_repl_input_bytes", 0);
        line(out, "total_net_repl_output_bytes", 0);
        line(out, "instantaneous_input_kbps", "0.00");
        line(out, "instantaneous_output_kbps", "0.00");
        line(out, "instantaneous_input_repl_kbps", "0.00");
        line(out, "instantaneous_output_repl_kbps", "0.00");
        line(out, "rejected_connections", stats.rejectedConnections.sum());
        line(out, "sync_full", 0);
        line(out, "sync_partial_ok", 0);
        line(out, "sync_partial_err", 0);
        line(out, "expired_keys", stats.expiredKeys.sum());
        line(out, "expired_stale_perc", "0.00");
        line(out, "expired_time_cap_reached_count", 0);
        line(out, "expire_cycle_cpu_milliseconds", 0);
        line(out, "evicted_keys", 0); // the store does not report its evictions
        line(out, "evicted_clients", 0);
        line(out, "total_eviction_exceeded_time", 0);
        line(out, "current_eviction_exceeded_time", 0);
        line(out, "keyspace_hits", stats.keyspaceHits.sum());
        line(out, "keyspace_misses", stats.keyspaceMisses.sum());
        line(out, "pubsub_channels", 0);
        line(out, "pubsub_patterns", 0);
        line(out, "pubsubshard_channels", 0);
        line(out, "latest_fork_usec", 0);
        line(out, "total_forks", 0);
        line(out, "migrate_cached_sockets", 0);
        line(out, "slave_expires_tracked_keys", 0);
        line(out, "active_defrag_hits", 0);
        line(out, "active_defrag_misses", 0);
        line(out, "active_defrag_key_hits", 0);
        line(out, "active_defrag_key_misses", 0);
        line(out, "total_active_defrag_time", 0);
        line(out, "current_active_defrag_time", 0);
        line(out, "tracking_total_keys", 0);
        line(out, "tracking_total_items", 0);
        line(out, "tracking_total_prefixes", 0);
        line(out, "unexpected_error_replies", 0);
        line(out, "total_error_replies", stats.errorReplies.sum());
        line(out, "dump_payload_sanitizations", 0);
        line(out, "total_reads_processed", 0); // nor its reads and writes
        line(out, "total_writes_processed", 0);
        line(out, "io_threaded_reads_processed", 0);
        line(out, "io_threaded_writes_processed", 0);
        line(out, "reply_buffer_shrinks", 0);
        line(out, "reply_buffer_expands", 0);
    }

    static void replication(ServerState s, StringBuilder out) {
        line(out, "role", "master");
        line(out, "connected_slaves", 0);
        line(out, "master_failover_state", "no-failover");
        line(out, "master_replid", s.replicationId());
        line(out, "master_replid2", "0000000000000000000000000000000000000000");
        line(out, "master_repl_offset", 0);
        line(out, "second_repl_offset", -1);
        line(out, "repl_backlog_active", 0);
        line(out, "repl_backlog_size", 1048576);
        line(out, "repl_backlog_first_byte_offset", 0);
        line(out, "repl_backlog_histlen", 0);
    }
}
