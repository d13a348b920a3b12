import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_VERSION } from './config/app-version.js';

/** OpenAPI at /api/docs (page) and /api/docs-json (document), served from the bundled swagger-ui. */
export function setUpApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Atrio API')
      .setDescription(
        'REST API of Atrio. The stable wire contract is CONTRACT.md; this page documents every route.',
      )
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
