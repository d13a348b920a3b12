import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageWriter } from '../messages/message-writer.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomAccessModule } from '../rooms/room-access.module.js';
import { MessageSearchIndex } from './message-search-index.js';
import { PostgresMessageSearch } from './postgres-message-search.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';
import { SqliteMessageSearch } from './sqlite-message-search.js';

export function messageSearchIndexFor(dataSource: DataSource, writer: MessageWriter): MessageSearchIndex {
  return dataSource.options.type === 'postgres'
    ? new PostgresMessageSearch(dataSource)
    : new SqliteMessageSearch(dataSource, () => writer.catchUpSearchIndex());
}

@Module({
  imports: [RoomAccessModule, MessagesModule],
  controllers: [SearchController],
  providers: [
    SearchService,
    { provide: MessageSearchIndex, useFactory: messageSearchIndexFor, inject: [DataSource, MessageWriter] },
  ],
})
export class SearchModule {}
