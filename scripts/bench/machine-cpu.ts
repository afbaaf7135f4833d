/**
 * CPU time of every process of a run over one window, to tell what convergence waited on: the
 * operator, or a machine whose cores kube-apiserver, etcd and the bench itself share with it.
 */
import { availableParallelism } from 'node:os';
import type { ControlPlane } from '../../test/cluster/control-plane.js';
import { readProcess } from './operator-metrics.js';

export interface CpuByProcess {
  operator: number;
  kubeApiserver: number;
  etcd: number;
  /** This process: it creates the objects, tracks their readiness and serves the Grafana double. */
  benchAndDouble: number;
}

export interface MachineCpuWindow {
  seconds: number;
  cores: number;
  cpuSeconds: CpuByProcess;
}

/** Starts a window now; `end()` answers the CPU seconds each process used in it. */
export async function machineCpuWindow(
  controlPlane: Pick<ControlPlane, 'processes'>,
  operatorPid: number,
): Promise<{ end(): Promise<MachineCpuWindow> }> {
  const { etcd, apiserver } = await controlPlane.processes();
  const pids = { operator: operatorPid, kubeApiserver: apiserver?.server, etcd: etcd.server };
  const read = async (): Promise<CpuByProcess> => {
    const of = async (pid: number | undefined) =>
      pid === undefined ? 0 : (await readProcess(pid)).cpuSeconds;
    const own = process.cpuUsage();
    return {
      operator: await of(pids.operator),
      kubeApiserver: await of(pids.kubeApiserver),
      etcd: await of(pids.etcd),
      benchAndDouble: (own.user + own.system) / 1e6,
    };
  };
  const startedAt = Date.now();
  const before = await read();
  return {
    async end() {
      const after = await read();
      const used = (key: keyof CpuByProcess) => Math.round((after[key] - before[key]) * 10) / 10;
      return {
        seconds: (Date.now() - startedAt) / 1000,
        cores: availableParallelism(),
        cpuSeconds: {
          operator: used('operator'),
          kubeApiserver: used('kubeApiserver'),
          etcd: used('etcd'),
          benchAndDouble: used('benchAndDouble'),
        },
      };
    },
  };
}
