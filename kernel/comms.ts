/**
 * Comms (Jupyter comm protocol) opened by code in the kernel, e.g. by the helper package.
 * The frontend's comm_msg / comm_close reach them here; comm_open from the frontend for a
 * target nobody registered is closed again, as ipykernel does.
 */
import { randomUUID } from "node:crypto";
import type { KernelComm } from "../src/bridge";
import type { Header } from "./wire";

/** Sends comm messages on IOPub. */
export type CommPublisher = (msgType: "comm_open" | "comm_msg" | "comm_close", content: object) => void;

/** The comms open now, by id. */
export class CommRegistry {
  private readonly comms = new Map<string, { comm: KernelComm; target: string }>();

  /** @example const reg = new CommRegistry((t, c) => ch.publish(t, c, parent())); */
  constructor(private readonly publish: CommPublisher) {}

  /** Open a comm to the frontend. @example reg.open("dlab.figure", { v: 1 }).send({ x: 1 }) */
  open(targetName: string, data: Record<string, unknown> = {}): KernelComm {
    const id = randomUUID();
    const comms = this.comms;
    const publish = this.publish;
    const comm: KernelComm = {
      id,
      send(msg) {
        if (comms.has(id)) publish("comm_msg", { comm_id: id, data: msg });
      },
      close(msg = {}) {
        if (comms.delete(id)) publish("comm_close", { comm_id: id, data: msg });
      },
    };
    this.comms.set(id, { comm, target: targetName });
    this.publish("comm_open", { comm_id: id, target_name: targetName, data });
    return comm;
  }

  /** comm_info_reply content. @example reg.info("dlab.figure") // → { "id": { target_name } } */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const [id, { target }] of this.comms) {
      if (!targetName || target === targetName) out[id] = { target_name: target };
    }
    return out;
  }

  /** Handle comm_open / comm_msg / comm_close from the frontend. @example reg.handle(msg.header, msg.content) */
  handle(header: Header, content: Record<string, any>): void {
    const id = String(content.comm_id ?? "");
    const entry = this.comms.get(id);
    switch (header.msg_type) {
      case "comm_open":
        // No frontend-opened targets are registered in this kernel: refuse politely.
        this.publish("comm_close", { comm_id: id, data: {} });
        break;
      case "comm_msg":
        entry?.comm.onMessage?.(content.data ?? {});
        break;
      case "comm_close":
        this.comms.delete(id);
        break;
    }
  }
}
