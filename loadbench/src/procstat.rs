//! What the bench reads from the kernel: the CPU time and memory of the
//! servers (and of itself) from `/proc`, and the open-files limit, which 1,000+
//! sockets on each side would otherwise exceed.

use std::time::Instant;

use anyhow::Context;

/// Raises the soft limit of open files to the hard one, before the servers
/// are spawned so they inherit it; returns the new limit.
pub fn raise_nofile_limit() -> std::io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit for the duration of the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    limit.rlim_cur = limit.rlim_max;
    // SAFETY: `limit` is a valid rlimit read just above.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(limit.rlim_cur)
}

/// The machine's load averages, to record whether something else (a build)
/// competed for the cores during a run.
pub fn loadavg() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!("loadavg {}", load.trim())
}

/// User plus system CPU time of a process so far, in seconds.
fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("read /proc/{pid}/stat"))?;
    // The command name (field 2) may hold spaces; the fields after it do not.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // fields[0] is field 3 (state), so utime (14) and stime (15) are 11 and 12.
    let ticks = |i: usize| -> anyhow::Result<u64> {
        Ok(fields.get(i).context("short /proc stat")?.parse()?)
    };
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Ok((ticks(11)? + ticks(12)?) as f64 / per_second)
}

/// Resident memory of processes, summed, in MiB.
pub fn rss_mib(pids: &[u32]) -> anyhow::Result<f64> {
    let mut kib = 0u64;
    for pid in pids {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .with_context(|| format!("read /proc/{pid}/status"))?;
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .context("no VmRSS")?;
        kib += line.trim().trim_end_matches("kB").trim().parse::<u64>()?;
    }
    Ok(kib as f64 / 1024.0)
}

/// CPU use of a set of processes from a starting point, as a percentage of
/// one core (200 % is both cores of a 2-core machine).
pub struct CpuMeter {
    pids: Vec<u32>,
    cpu: f64,
    at: Instant,
}

impl CpuMeter {
    /// Starts measuring now.
    pub fn start(pids: &[u32]) -> anyhow::Result<Self> {
        Ok(Self {
            pids: pids.to_vec(),
            cpu: Self::total(pids)?,
            at: Instant::now(),
        })
    }

    /// CPU used since the start, over the wall time since the start.
    pub fn percent(&self) -> anyhow::Result<f64> {
        let used = Self::total(&self.pids)? - self.cpu;
        Ok(100.0 * used / self.at.elapsed().as_secs_f64())
    }

    fn total(pids: &[u32]) -> anyhow::Result<f64> {
        pids.iter().map(|&pid| cpu_seconds(pid)).sum()
    }
}
