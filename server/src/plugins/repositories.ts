import fp from 'fastify-plugin';
import { CarrierRepository } from '../repositories/carriers';
import { PingRepository } from '../repositories/pings';
import { ShipmentRepository } from '../repositories/shipments';
import { SiteRepository } from '../repositories/sites';
import { TrackingService } from '../tracking/tracking-service';

declare module 'fastify' {
  interface FastifyInstance {
    siteRepository: SiteRepository;
    carrierRepository: CarrierRepository;
    shipmentRepository: ShipmentRepository;
    pingRepository: PingRepository;
    tracking: TrackingService;
  }
}

/** One repository per aggregate, and the tracking service that writes across them. */
export default fp(
  async (app) => {
    const sites = new SiteRepository(app.db);
    const carriers = new CarrierRepository(app.db);
    const shipments = new ShipmentRepository(app.db);
    const pings = new PingRepository();
    app.decorate('siteRepository', sites);
    app.decorate('carrierRepository', carriers);
    app.decorate('shipmentRepository', shipments);
    app.decorate('pingRepository', pings);
    app.decorate(
      'tracking',
      new TrackingService({ db: app.db, sites, carriers, shipments, pings, config: app.config.tracking, publish: app.publishCommitted }),
    );
  },
  { name: 'repositories', dependencies: ['database', 'bus'] },
);
