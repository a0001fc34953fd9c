import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

public class PgProbe {
	public static void main(String[] args) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			c.createStatement().execute("create table if not exists pg_probe (id bigint primary key, v text)");
		}
		System.gc();
		long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		long start = System.nanoTime();
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			c.createStatement().execute("create publication pg_probe for table pg_probe");
			c.createStatement().execute("select pg_create_logical_replication_slot('pg_probe', 'pgoutput')");
		}
		Properties props = new Properties();
		PGProperty.USER.set(props, "postgres");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
		PGProperty.REPLICATION.set(props, "database");
		PGProperty.PREFER_QUERY_MODE.set(props, "simple");
		Connection replication = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", props);
		PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
			.withSlotName("pg_probe").withSlotOption("proto_version", 1).withSlotOption("publication_names", "pg_probe").start();
		long written = 0;
		boolean seen = false;
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			while (!seen) {
				c.createStatement().execute("insert into pg_probe values (" + (++written) + ", 'probe-value') on conflict (id) do update set v = excluded.v");
				long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
				while (!seen && System.nanoTime() < until) {
					ByteBuffer m = stream.readPending();
					if (m == null) { Thread.sleep(5); continue; }
					if (m.get(m.position()) == 'I') seen = true;
				}
			}
		}
		long startup = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.gc(); Thread.sleep(500); System.gc();
		long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		System.out.println("RESULT startup-to-first-change-ms=" + startup + " heap-delta-bytes=" + (heapAfter - heapBefore) + " threads=" + Thread.activeCount());
		stream.close(); replication.close();
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			c.createStatement().execute("select pg_drop_replication_slot('pg_probe')");
			c.createStatement().execute("drop publication pg_probe");
			c.createStatement().execute("drop table pg_probe");
		}
	}
}
