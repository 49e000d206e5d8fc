// The chain's catalogue as the API lists it: clinics, and per clinic its services and providers.
import { api } from "./session.js";

/** Every clinic's name by id (asked each time: an admin may have just created one). */
export async function clinicNames() {
  const { clinics } = await api("/api/v1/clinics");
  return new Map(clinics.map((c) => [c.id, c.name]));
}

export async function clinics() {
  return (await api("/api/v1/clinics")).clinics;
}

/** A clinic's services and providers. */
export async function clinicCatalogue(clinicId) {
  const [{ services }, { providers }] = await Promise.all([
    api(`/api/v1/clinics/${clinicId}/services`),
    api(`/api/v1/clinics/${clinicId}/providers`),
  ]);
  return { services, providers };
}
