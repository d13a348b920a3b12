declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';

  interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
    mkdir?: boolean;
    /** Passed on to SonicBoom: the most bytes kept in memory while writes fail; beyond, lines are dropped. */
    maxLength?: number;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<SonicBoom>;
}
